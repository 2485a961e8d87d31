package org.inetboot.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.inetboot.boot.Bootability;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.menu.BootMenus;
import org.inetboot.menu.MenuEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "entries",
        description = "Show an ISO image's boot menu entries (isolinux and GRUB), its distro family, and how each"
                + " boots over HTTP (the hand-over, Xen) or why it cannot.")
final class EntriesCommand extends ImageCommand {

    @Option(
            names = "--json",
            description =
                    "Print {\"distro\", \"entries\": [{label, kernel, initrds, cmdline, default, source, firmware,"
                            + " conditional, hidden, hypervisor, hypervisorCmdline, overHttp}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = OpenedIso.open(main(), image)) {
            var menus = BootMenus.read(opened.iso());
            menus.warnings().forEach(warning -> err().println("inetboot: warning: " + warning));
            if (json) {
                var how = Bootability.describe(opened.iso(), menus);
                var entries = new ArrayList<Map<String, Object>>();
                for (int i = 0; i < how.size(); i++) {
                    entries.add(json(menus.entries().get(i), how.get(i)));
                }
                var result = new LinkedHashMap<String, Object>();
                result.put("distro", menus.distro().id());
                result.put("entries", entries);
                out().println(Json.write(result));
            } else {
                print(opened.iso(), menus, out());
            }
        }
        return 0;
    }

    private static Map<String, Object> json(MenuEntry entry, String overHttp) {
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
        fields.put(
                "hypervisor", entry.hypervisor().map(MenuEntry.Hypervisor::path).orElse(null));
        fields.put(
                "hypervisorCmdline",
                entry.hypervisor().map(MenuEntry.Hypervisor::cmdline).orElse(null));
        fields.put("overHttp", overHttp);
        return fields;
    }

    /** A numbered table: "*" marks defaults, "?" entries from an unevaluated branch. */
    static void print(IsoImage iso, BootMenus.Menus menus, java.io.PrintWriter out) throws IOException {
        out.println("distro: " + menus.distro().id());
        var how = Bootability.describe(iso, menus);
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
            entry.hypervisor().ifPresent(h -> out.printf("            %s %s%n", h.path(), h.cmdline()));
            out.printf("            %s %s%n", entry.kernel(), String.join(" ", entry.initrds()));
            out.printf("            %s%n", entry.cmdline());
            out.printf("            %s%n", how.get(number - 1));
        }
    }
}
