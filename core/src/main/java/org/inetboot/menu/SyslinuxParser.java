package org.inetboot.menu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads syslinux, isolinux and extlinux menus as the boot loader would: LABEL blocks with
 * KERNEL/LINUX, APPEND (and the {@code initrd=} in it; an APPEND before any label is the default
 * for all), INITRD, MENU LABEL/DEFAULT/HIDE, DEFAULT by label (or as an old-style command line),
 * INCLUDE, CONFIG with its directory (at top level it replaces the configuration; in a label it is
 * the label's submenu, whose entries are read too), MENU BEGIN/END, TEXT HELP blocks; keywords in
 * any case; relative paths against the current directory, or against the root when the file is
 * not there (archiso writes them so). {@code mboot.c32} entries boot a Linux kernel under a
 * hypervisor (Xen): their APPEND names the image, then after each {@code ---} a module. Other
 * entries that do not boot a Linux kernel (COM32 modules, LOCALBOOT, boot sectors) are left out.
 */
public final class SyslinuxParser {

    /** syslinux's multiboot loader, whose APPEND names the image and its modules. */
    private static final Pattern MBOOT = Pattern.compile("(?i)(.*/)?mboot\\.c32");

    private static final Pattern NOT_LINUX = Pattern.compile("(?i).*\\.(c32|com|cbt|bin|bs|bss|0|img|cfg)$");

    private final ConfigReader reader;
    private final List<Label> labels = new ArrayList<>();
    private String directory;
    private String defaultLine;
    private String globalAppend = "";
    private Label current;

    private SyslinuxParser(ConfigReader reader, String directory) {
        this.reader = reader;
        this.directory = directory;
    }

    /** Parses {@code path}, resolving relative paths against its directory (isolinux's working directory). */
    public static MenuParse parse(ConfigFiles files, String path) {
        var reader = new ConfigReader(files);
        return new MenuParse(parse(reader, path, Paths.parent(path), path), reader.warnings());
    }

    private static List<MenuEntry> parse(ConfigReader reader, String path, String directory, String from) {
        var parser = new SyslinuxParser(reader, directory);
        parser.file(path, from);
        return parser.entries();
    }

    /** A LABEL block as written. */
    private static final class Label {
        final String name;
        final String source;
        String menuLabel;
        String kernel;
        String kernelType = "linux";
        String append;
        String initrd;
        boolean menuDefault;
        boolean hidden;
        String directory;

        Label(String name, String source, String directory) {
            this.name = name;
            this.source = source;
            this.directory = directory;
        }
    }

    private void file(String path, String from) {
        var text = reader.enter(path, from);
        if (text.isEmpty()) {
            return;
        }
        try {
            lines(text.get().lines().iterator(), path);
        } finally {
            reader.leave(path);
        }
    }

    private void lines(java.util.Iterator<String> lines, String path) {
        while (lines.hasNext()) {
            var line = lines.next().strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var words = line.split("\\s+", 2);
            var keyword = words[0].toLowerCase(Locale.ROOT);
            var argument = words.length > 1 ? words[1].strip() : "";
            if (keyword.equals("text") && argument.equalsIgnoreCase("help")) {
                skipHelpText(lines);
            } else if (keyword.equals("config") && current == null) {
                config(argument, path);
                return; // the current configuration is abandoned
            } else if (keyword.equals("config")) {
                current.kernel = argument;
                current.kernelType = keyword;
            } else {
                keyword(keyword, argument, path);
            }
        }
    }

    private void keyword(String keyword, String argument, String path) {
        switch (keyword) {
            case "label" -> {
                current = new Label(argument, path, directory);
                labels.add(current);
            }
            case "kernel", "linux", "com32", "localboot", "pxe", "boot", "bss", "fdimage", "comboot" ->
                kernel(argument, keyword);
            case "append" -> {
                var append = argument.equals("-") ? "" : argument;
                if (current != null) {
                    current.append = append;
                } else {
                    globalAppend = append;
                }
            }
            case "initrd" -> {
                if (current != null) {
                    current.initrd = argument;
                }
            }
            case "default" -> defaultLine = argument;
            case "include" -> include(argument, path);
            case "menu" -> menu(argument, path);
            default -> {
                // UI, PROMPT, TIMEOUT, IPAPPEND, SAY, F1..F12 and the rest change nothing we report
            }
        }
    }

    private void kernel(String argument, String keyword) {
        if (current != null) {
            current.kernel = argument.split("\\s+", 2)[0];
            current.kernelType = keyword;
        }
    }

    private void menu(String argument, String path) {
        var words = argument.split("\\s+", 2);
        var rest = words.length > 1 ? words[1].strip() : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "label" -> {
                if (current != null) {
                    current.menuLabel = rest.replace("^", "");
                }
            }
            case "default" -> {
                if (current != null) {
                    current.menuDefault = true;
                }
            }
            case "hide" -> {
                if (current != null) {
                    current.hidden = true;
                }
            }
            case "include" -> include(rest, path);
            case "begin", "end" -> current = null; // a submenu's labels are labels all the same
            default -> {
                // colours, titles, geometry
            }
        }
    }

    private void include(String argument, String path) {
        var file = argument.split("\\s+", 2)[0];
        if (!file.isEmpty()) {
            file(locate(directory, file), path);
        }
    }

    /** A configuration file relative to {@code base}, or to the root when it is not there. */
    private String locate(String base, String file) {
        var inDirectory = Paths.resolve(base, file);
        var fromRoot = Paths.resolve("/", file);
        return reader.exists(inDirectory) || !reader.exists(fromRoot) ? inDirectory : fromRoot;
    }

    /** CONFIG file [directory]: continue with another configuration, in another directory if given. */
    private void config(String argument, String path) {
        var words = argument.split("\\s+");
        var file = locate(directory, words[0]);
        labels.clear();
        defaultLine = null;
        current = null;
        directory = words.length > 1 ? Paths.resolve(directory, words[1]) : Paths.parent(file);
        file(file, path);
    }

    private static void skipHelpText(java.util.Iterator<String> lines) {
        while (lines.hasNext() && !lines.next().strip().equalsIgnoreCase("endtext")) {
            // help text is for people
        }
    }

    private List<MenuEntry> entries() {
        var chosen = defaultLabel();
        var entries = new ArrayList<MenuEntry>();
        for (var label : labels) {
            if (label.kernel != null && MBOOT.matcher(label.kernel).matches()) {
                multiboot(label, label == chosen).ifPresent(entries::add);
            } else if (label.kernel != null && bootsLinux(label.kernelType, label.kernel)) {
                entries.add(entry(label, label == chosen));
            } else if ("config".equals(label.kernelType)) {
                entries.addAll(submenu(label, label == chosen));
            }
        }
        if (chosen == null && defaultLine != null && entries.stream().noneMatch(MenuEntry::isDefault)) {
            oldStyleDefault().ifPresent(entries::add);
        }
        return entries;
    }

    /** A label whose command is CONFIG: the entries of that configuration, its default only if the label is. */
    private List<MenuEntry> submenu(Label label, boolean chosen) {
        var words = label.kernel.split("\\s+");
        var file = locate(label.directory, words[0]);
        var dir = words.length > 1 ? Paths.resolve(label.directory, words[1]) : Paths.parent(file);
        return parse(reader, file, dir, label.source).stream()
                .map(e -> e.withDefault(chosen && e.isDefault()))
                .toList();
    }

    /** LINUX always boots a Linux kernel; KERNEL does unless the file's extension names another kind. */
    private static boolean bootsLinux(String keyword, String kernel) {
        return keyword.equals("linux")
                || keyword.equals("kernel") && !NOT_LINUX.matcher(kernel).matches();
    }

    /** MENU DEFAULT wins; otherwise DEFAULT names a label. */
    private Label defaultLabel() {
        for (var label : labels) {
            if (label.menuDefault) {
                return label;
            }
        }
        if (defaultLine != null) {
            for (var label : labels) {
                if (label.name.equals(defaultLine)) {
                    return label;
                }
            }
        }
        return null;
    }

    /** "DEFAULT vmlinuz initrd=x args": a command line when no label has that name (and no menu module). */
    private Optional<MenuEntry> oldStyleDefault() {
        var words = defaultLine.split("\\s+", 2);
        if (!bootsLinux("kernel", words[0])) {
            return Optional.empty();
        }
        var label = new Label(words[0], "", directory);
        label.kernel = words[0];
        label.append = words.length > 1 ? words[1] : null;
        return Optional.of(entry(label, true));
    }

    private MenuEntry entry(Label label, boolean isDefault) {
        var initrds = new ArrayList<String>();
        var cmdline = new ArrayList<String>();
        var initrdLine = label.initrd;
        var append = label.append != null ? label.append : globalAppend;
        for (var word : append.split("\\s+")) {
            if (word.startsWith("initrd=")) {
                initrdLine = word.substring("initrd=".length()); // the last one counts, as in syslinux
            } else if (!word.isEmpty()) {
                cmdline.add(word);
            }
        }
        if (initrdLine != null) {
            for (var initrd : initrdLine.split(",")) {
                if (!initrd.isBlank()) {
                    initrds.add(Paths.resolve(label.directory, initrd.strip()));
                }
            }
        }
        return new MenuEntry(
                shown(label),
                Paths.resolve(label.directory, label.kernel),
                initrds,
                String.join(" ", cmdline),
                isDefault,
                label.source,
                MenuEntry.Firmware.BIOS,
                false,
                label.hidden);
    }

    private static String shown(Label label) {
        return label.menuLabel != null ? label.menuLabel : label.name;
    }

    /**
     * mboot.c32's APPEND: the multiboot image and its arguments, then after each {@code ---} a
     * module: the kernel with its command line, then the initrds. Without a kernel it boots no Linux.
     */
    private Optional<MenuEntry> multiboot(Label label, boolean isDefault) {
        var append = label.append != null ? label.append : globalAppend;
        var modules = new ArrayList<List<String>>(List.of(new ArrayList<>()));
        for (var word : append.split("\\s+")) {
            if (word.equals("---")) {
                modules.add(new ArrayList<>());
            } else if (!word.isEmpty()) {
                modules.getLast().add(word);
            }
        }
        modules.removeIf(List::isEmpty);
        if (modules.size() < 2) {
            return Optional.empty();
        }
        var image = modules.getFirst();
        var kernel = modules.get(1);
        var initrds = modules.subList(2, modules.size()).stream()
                .map(module -> Paths.resolve(label.directory, module.getFirst()))
                .toList();
        return Optional.of(new MenuEntry(
                shown(label),
                Paths.resolve(label.directory, kernel.getFirst()),
                initrds,
                String.join(" ", kernel.subList(1, kernel.size())),
                isDefault,
                label.source,
                MenuEntry.Firmware.BIOS,
                false,
                label.hidden,
                Optional.of(new MenuEntry.Hypervisor(
                        Paths.resolve(label.directory, image.getFirst()),
                        String.join(" ", image.subList(1, image.size()))))));
    }
}
