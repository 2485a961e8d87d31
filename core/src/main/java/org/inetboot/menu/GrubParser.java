package org.inetboot.menu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.inetboot.menu.GrubScript.Command;
import org.inetboot.menu.GrubScript.For;
import org.inetboot.menu.GrubScript.If;
import org.inetboot.menu.GrubScript.Menu;
import org.inetboot.menu.GrubScript.Node;
import org.inetboot.menu.GrubScript.Skipped;
import org.inetboot.menu.GrubScript.Word;

/**
 * Reads GRUB configurations (grub.cfg, loopback.cfg) the way distribution ISOs write them:
 * menuentry and submenu (titles, --class/--id/--hotkey options), linux/linuxefi/linux16 and
 * initrd/initrdefi/initrd16, multiboot/multiboot2 with module/module2 (Xen and its dom0), set and
 * variable expansion, source and configfile, default by
 * index, title, id or "submenu>entry". Conditions are not evaluated, except the literals true
 * and false: entries from every branch are kept and marked conditional. Commands that probe the
 * machine (search, insmod, loadfont, ...) are ignored.
 */
public final class GrubParser {

    private static final int MAX_STEPS = 100_000;
    private static final int MAX_LOOP_ITEMS = 64;

    private final ConfigReader reader;
    private final List<Item> top = new ArrayList<>();
    private int steps;

    private GrubParser(ConfigFiles files) {
        this.reader = new ConfigReader(files);
    }

    /** Parses {@code path} with the given variables preset (e.g. {@code prefix}, {@code root}). */
    public static MenuParse parse(ConfigFiles files, String path, Map<String, String> variables) {
        var parser = new GrubParser(files);
        var scope = new Scope(new HashMap<>(variables), parser.top, false, path);
        parser.file(path, scope, path);
        return new MenuParse(parser.entries(scope.variables.get("default")), parser.reader.warnings());
    }

    /** A menu item: an entry's boots, or a submenu's items. */
    private record Item(String title, String id, List<MenuEntry> entries, List<Item> children) {}

    /** Where commands run: the variables in force, the menu level items go to, whether a branch was not evaluated. */
    private record Scope(Map<String, String> variables, List<Item> items, boolean conditional, String source) {
        Scope copy() {
            return new Scope(new HashMap<>(variables), items, conditional, source);
        }

        Scope in(List<Item> level) {
            return new Scope(new HashMap<>(variables), level, conditional, source);
        }

        Scope branch(boolean unevaluated) {
            return new Scope(variables, items, conditional || unevaluated, source);
        }

        Scope from(String file) {
            return new Scope(variables, items, conditional, file);
        }
    }

    /**
     * A linux command and the initrds given after it, inside one entry; or a multiboot command
     * and its modules: the first the kernel, with its command line, the others its initrds.
     */
    private static final class Boot {
        String kernel;
        String cmdline;
        List<String> initrds = List.of();
        boolean conditional;
        final MenuEntry.Hypervisor hypervisor;

        Boot(String kernel, String cmdline, boolean conditional, MenuEntry.Hypervisor hypervisor) {
            this.kernel = kernel;
            this.cmdline = cmdline;
            this.conditional = conditional;
            this.hypervisor = hypervisor;
        }

        void module(String path, String arguments) {
            if (kernel == null) {
                kernel = path;
                cmdline = arguments;
            } else {
                initrds = Stream.concat(initrds.stream(), Stream.of(path)).toList();
            }
        }
    }

    private void file(String path, Scope scope, String from) {
        var text = reader.enter(path, from);
        if (text.isPresent()) {
            try {
                run(GrubScript.parse(text.get(), path, reader.warnings()), scope.from(path), null);
            } finally {
                reader.leave(path);
            }
        }
    }

    /** Runs statements; {@code boots} collects linux/initrd commands when inside a menu entry. */
    private void run(List<Node> nodes, Scope scope, List<Boot> boots) {
        for (var node : nodes) {
            if (++steps > MAX_STEPS) {
                if (steps == MAX_STEPS + 1) {
                    reader.warn(scope.source, "more than " + MAX_STEPS + " commands; the rest is not read");
                }
                return;
            }
            switch (node) {
                case Command command -> command(command, scope, boots);
                case If branches -> conditional(branches, scope, boots);
                case For loop -> loop(loop, scope, boots);
                case Menu menu -> menu(menu, scope);
                case Skipped skipped -> {
                    // while loops and functions
                }
            }
        }
    }

    private void command(Command command, Scope scope, List<Boot> boots) {
        var words = command.words().stream().map(w -> w.expand(scope.variables)).toList();
        if (words.isEmpty()) {
            return;
        }
        var name = words.getFirst();
        var args = words.subList(1, words.size());
        switch (name) {
            case "set", "export" -> args.forEach(arg -> assign(arg, scope));
            case "source" -> include(args, scope, scope);
            case "configfile" -> include(args, scope.copy(), scope);
            case "linux", "linuxefi", "linux16", "kernel" -> {
                if (boots != null && !args.isEmpty()) {
                    boots.add(new Boot(Paths.resolve("/", args.getFirst()), rest(args), scope.conditional, null));
                }
            }
            case "multiboot", "multiboot2" -> {
                var file = withoutOptions(args);
                if (boots != null && !file.isEmpty()) {
                    var hypervisor = new MenuEntry.Hypervisor(Paths.resolve("/", file.getFirst()), rest(file));
                    boots.add(new Boot(null, "", scope.conditional, hypervisor));
                }
            }
            case "module", "module2" -> {
                var file = withoutOptions(args);
                if (boots != null && !boots.isEmpty() && boots.getLast().hypervisor != null && !file.isEmpty()) {
                    boots.getLast().module(Paths.resolve("/", file.getFirst()), rest(file));
                }
            }
            case "initrd", "initrdefi", "initrd16" -> {
                if (boots != null && !boots.isEmpty()) {
                    boots.getLast().initrds =
                            args.stream().map(a -> Paths.resolve("/", a)).toList();
                }
            }
            default -> {
                if (args.isEmpty() && name.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    assign(name, scope); // a bare NAME=VALUE
                }
            }
        }
    }

    /** The words after a file name: its command line. */
    private static String rest(List<String> args) {
        return String.join(" ", args.subList(1, args.size()));
    }

    /** A multiboot command's or a module's words from the file on ({@code --nounzip}, {@code --quirk-...} dropped). */
    private static List<String> withoutOptions(List<String> args) {
        int first = 0;
        while (first < args.size() && args.get(first).startsWith("--")) {
            first++;
        }
        return args.subList(first, args.size());
    }

    private static void assign(String assignment, Scope scope) {
        int equals = assignment.indexOf('=');
        if (equals > 0) {
            scope.variables.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
    }

    private void include(List<String> args, Scope into, Scope from) {
        if (!args.isEmpty()) {
            file(Paths.resolve("/", args.getFirst()), into, from.source);
        }
    }

    /**
     * Every branch runs, marked conditional, once a condition could not be evaluated; only literal
     * "true" and "false" conditions decide. An else is conditional when an earlier condition was.
     */
    private void conditional(If branches, Scope scope, List<Boot> boots) {
        boolean unknownBefore = false;
        for (var branch : branches.branches()) {
            var known = literalCondition(branch.condition(), scope);
            if (known == null || known) {
                run(branch.body(), scope.branch(known == null || unknownBefore), boots);
            }
            if (known != null && known && !unknownBefore) {
                return;
            }
            unknownBefore |= known == null;
        }
    }

    private static Boolean literalCondition(List<Node> condition, Scope scope) {
        if (condition == null) {
            return true; // else
        }
        if (condition.size() == 1
                && condition.getFirst() instanceof Command command
                && command.words().size() == 1) {
            var word = command.words().getFirst().expand(scope.variables);
            if (word.equals("true") || word.equals("false")) {
                return word.equals("true");
            }
        }
        return null;
    }

    private void loop(For loop, Scope scope, List<Boot> boots) {
        var items = new ArrayList<String>();
        for (var word : loop.items()) {
            items.add(word.expand(scope.variables));
        }
        for (var item : items.subList(0, Math.min(items.size(), MAX_LOOP_ITEMS))) {
            scope.variables.put(loop.variable(), item);
            run(loop.body(), scope, boots);
        }
    }

    private void menu(Menu menu, Scope scope) {
        var title = title(menu.words(), scope);
        var id = option(menu.words(), "--id", scope);
        if (menu.submenu()) {
            var children = new ArrayList<Item>();
            run(menu.body(), scope.in(children), null);
            scope.items.add(new Item(title, id, List.of(), children));
            return;
        }
        var boots = new ArrayList<Boot>();
        run(menu.body(), scope.copy(), boots);
        var entries = new ArrayList<MenuEntry>();
        for (var boot : boots) {
            if (boot.kernel == null) {
                continue; // a multiboot image without modules boots no Linux
            }
            boolean conditional = boot.conditional || boots.size() > 1;
            entries.add(new MenuEntry(
                    title,
                    boot.kernel,
                    boot.initrds,
                    boot.cmdline,
                    false,
                    scope.source,
                    MenuEntry.Firmware.UEFI,
                    conditional,
                    false,
                    Optional.ofNullable(boot.hypervisor)));
        }
        scope.items.add(new Item(title, id, entries, List.of()));
    }

    /** The first word that is neither an option nor an option's value. */
    private static String title(List<Word> words, Scope scope) {
        for (int i = 0; i < words.size(); i++) {
            var word = words.get(i).expand(scope.variables);
            if (!word.startsWith("--")) {
                return word;
            }
            if (!word.contains("=") && takesValue(word)) {
                i++;
            }
        }
        return "";
    }

    private static String option(List<Word> words, String name, Scope scope) {
        for (int i = 0; i < words.size(); i++) {
            var word = words.get(i).expand(scope.variables);
            if (word.startsWith(name + "=")) {
                return word.substring(name.length() + 1);
            }
            if (word.equals(name) && i + 1 < words.size()) {
                return words.get(i + 1).expand(scope.variables);
            }
        }
        return null;
    }

    private static boolean takesValue(String option) {
        return option.equals("--class")
                || option.equals("--users")
                || option.equals("--hotkey")
                || option.equals("--id");
    }

    // ---- the result

    private List<MenuEntry> entries(String defaultSetting) {
        var chosen = resolveDefault(defaultSetting == null || defaultSetting.isBlank() ? "0" : defaultSetting);
        var entries = new ArrayList<MenuEntry>();
        collect(top, chosen, entries);
        return entries;
    }

    private static void collect(List<Item> items, Item chosen, List<MenuEntry> into) {
        for (var item : items) {
            for (var entry : item.entries()) {
                into.add(entry.withDefault(item == chosen));
            }
            collect(item.children(), chosen, into);
        }
    }

    /** default=N, TITLE, ID, or a path of those joined by '>' through submenus. */
    private Item resolveDefault(String setting) {
        var level = top;
        Item found = null;
        for (var step : setting.split(">")) {
            found = find(level, step.strip());
            if (found == null) {
                return null;
            }
            level = found.children();
        }
        return found;
    }

    private static Item find(List<Item> items, String step) {
        if (step.matches("\\d{1,6}")) {
            int index = Integer.parseInt(step);
            return index < items.size() ? items.get(index) : null;
        }
        for (var item : items) {
            if (step.equals(item.title()) || step.equals(item.id())) {
                return item;
            }
        }
        return null;
    }
}
