package org.inetboot.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.inetboot.json.Json;
import org.inetboot.menu.BootMenus;
import org.inetboot.menu.MenuEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "entries",
        description = "Show an ISO image's boot menu entries (isolinux and GRUB) and its distro family.")
final class EntriesCommand extends ImageCommand {

    @Option(
            names = "--json",
            description =
                    "Print {\"distro\", \"entries\": [{label, kernel, initrds, cmdline, default, source, firmware}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = OpenedIso.open(main(), image)) {
            var menus = BootMenus.read(opened.iso());
            menus.warnings().forEach(warning -> err().println("inetboot: warning: " + warning));
            if (json) {
                var result = new LinkedHashMap<String, Object>();
                result.put("distro", menus.distro().id());
                result.put(
                        "entries",
                        menus.entries().stream().map(EntriesCommand::json).toList());
                out().println(Json.write(result));
            } else {
                print(menus, out());
            }
        }
        return 0;
    }

    private static Map<String, Object> json(MenuEntry entry) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("label", entry.label());
        fields.put("kernel", entry.kernel());
        fields.put("initrds", entry.initrds());
        fields.put("cmdline", entry.cmdline());
        fields.put("default", entry.isDefault());
        fields.put("source", entry.source());
        fields.put("firmware", entry.firmware().name().toLowerCase(Locale.ROOT));
        fields.put("conditional", entry.conditional());
        fields.put("hidden", entry.hidden());
        return fields;
    }

    /** A numbered table: "*" marks defaults, "?" entries from an unevaluated branch. */
    static void print(BootMenus.Menus menus, java.io.PrintWriter out) {
        out.println("distro: " + menus.distro().id());
        int number = 0;
        for (var entry : menus.entries()) {
            out.printf(
                    "%3d%s%s %-5s %s%s%n",
                    ++number,
                    entry.isDefault() ? "*" : " ",
                    entry.conditional() ? "?" : " ",
                    entry.firmware().name().toLowerCase(Locale.ROOT),
                    entry.label(),
                    entry.hidden() ? " (hidden)" : "");
            out.printf("            %s %s%n", entry.kernel(), String.join(" ", entry.initrds()));
            out.printf("            %s%n", entry.cmdline());
        }
    }
}
