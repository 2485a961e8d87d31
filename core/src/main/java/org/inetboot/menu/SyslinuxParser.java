package org.inetboot.menu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads syslinux, isolinux and extlinux menus as the boot loader would: LABEL blocks with
 * KERNEL/LINUX, APPEND (and the {@code initrd=} in it), INITRD, MENU LABEL/DEFAULT/HIDE,
 * DEFAULT by label (or as an old-style command line), INCLUDE, CONFIG with its directory, MENU
 * BEGIN/END, TEXT HELP blocks; keywords in any case; relative paths against the current directory.
 * Entries that do not boot a Linux kernel (COM32 modules, LOCALBOOT, boot sectors) are left out.
 */
public final class SyslinuxParser {

    private static final Pattern NOT_LINUX = Pattern.compile("(?i).*\\.(c32|com|cbt|bin|bs|bss|0|img|cfg)$");

    private final ConfigReader reader;
    private final List<Label> labels = new ArrayList<>();
    private String directory;
    private String defaultLine;
    private Label current;

    private SyslinuxParser(ConfigFiles files, String directory) {
        this.reader = new ConfigReader(files);
        this.directory = directory;
    }

    /** Parses {@code path}, resolving relative paths against its directory (isolinux's working directory). */
    public static MenuParse parse(ConfigFiles files, String path) {
        var parser = new SyslinuxParser(files, Paths.parent(path));
        parser.file(path, path);
        return new MenuParse(parser.entries(), parser.reader.warnings());
    }

    /** A LABEL block as written. */
    private static final class Label {
        final String name;
        final String source;
        String menuLabel;
        String kernel;
        String kernelType = "linux";
        String append = "";
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
            } else if (keyword.equals("config")) {
                config(argument, path);
                return; // the current configuration is abandoned
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
            case "kernel", "linux" -> kernel(argument, keyword);
            case "com32", "localboot", "pxe", "boot", "bss", "fdimage", "comboot" -> kernel(argument, keyword);
            case "append" -> {
                if (current != null) {
                    current.append = argument.equals("-") ? "" : argument;
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
            file(Paths.resolve(directory, file), path);
        }
    }

    /** CONFIG file [directory]: continue with another configuration, in another directory if given. */
    private void config(String argument, String path) {
        var words = argument.split("\\s+");
        var file = Paths.resolve(directory, words[0]);
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
            if (label.kernel != null && bootsLinux(label.kernelType, label.kernel)) {
                entries.add(entry(label, label == chosen));
            }
        }
        if (chosen == null && defaultLine != null && entries.stream().noneMatch(MenuEntry::isDefault)) {
            oldStyleDefault().ifPresent(entries::add);
        }
        return entries;
    }

    /** LINUX always boots a Linux kernel; KERNEL does unless the file's extension names another kind. */
    private static boolean bootsLinux(String keyword, String kernel) {
        return keyword.equals("linux") || keyword.equals("kernel") && !NOT_LINUX.matcher(kernel).matches();
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
    private java.util.Optional<MenuEntry> oldStyleDefault() {
        var words = defaultLine.split("\\s+", 2);
        if (!bootsLinux("kernel", words[0])) {
            return java.util.Optional.empty();
        }
        var label = new Label(words[0], "", directory);
        label.kernel = words[0];
        label.append = words.length > 1 ? words[1] : "";
        return java.util.Optional.of(entry(label, true));
    }

    private MenuEntry entry(Label label, boolean isDefault) {
        var initrds = new ArrayList<String>();
        var cmdline = new ArrayList<String>();
        var initrdLine = label.initrd;
        for (var word : label.append.split("\\s+")) {
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
        var shown = label.menuLabel != null ? label.menuLabel : label.name;
        return new MenuEntry(shown, Paths.resolve(label.directory, label.kernel), initrds, String.join(" ", cmdline),
                isDefault, label.source, MenuEntry.Firmware.BIOS, false, label.hidden);
    }
}
