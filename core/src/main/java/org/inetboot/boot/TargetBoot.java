package org.inetboot.boot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.inetboot.iso.IsoImage;
import org.inetboot.menu.BootMenus;
import org.inetboot.menu.MenuEntry;

/**
 * Stage 1's pipeline from an opened image to what kexec needs: its boot menus read, an entry
 * chosen, the plan made, kernel and initrd assembled. The medium's agent, {@code inetboot boot}
 * and {@code inetboot prepare} run it; only how they choose differs.
 */
public final class TargetBoot {

    /** Chooses the entry to boot among the image's menus. */
    @FunctionalInterface
    public interface Chooser {
        MenuEntry choose(BootMenus.Menus menus) throws IOException;
    }

    private TargetBoot() {}

    /** Assembles what kexec needs, the initrd written to {@code initrd}. */
    public static BootFiles prepare(
            IsoImage iso,
            String image,
            Chooser chooser,
            String append,
            Optional<Stage2> stage2,
            Path initrd,
            PrintWriter out)
            throws IOException {
        var menus = BootMenus.read(iso);
        var chosen = chooser.choose(menus);
        var plan = BootPlan.of(image, menus.distro(), chosen, append, stage2);
        var hypervisor = chosen.hypervisor()
                .map(h -> h.path() + " " + h.cmdline() + " + ")
                .orElse("");
        out.printf(
                "booting '%s' (%s): %s%s %s%n",
                chosen.label(), menus.distro().id(), hypervisor, chosen.kernel(), plan.cmdline());
        out.flush();
        return BootFiles.assemble(iso, plan, initrd, out);
    }
}
