package org.inetboot.boot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inetboot.iso.IsoImage;
import org.inetboot.iso.IsoNotFoundException;
import org.inetboot.menu.BootMenus;
import org.inetboot.menu.DistroFamily;
import org.inetboot.menu.MenuEntry;

/** How an entry boots over HTTP, or why it cannot, in a few words (for {@code inetboot entries}). */
public final class Bootability {

    private Bootability() {}

    /** Each entry's description, in order, its kernel's header read from the image. */
    public static List<String> describe(IsoImage iso, BootMenus.Menus menus) throws IOException {
        var how = new ArrayList<String>();
        for (var entry : menus.entries()) {
            how.add(describe(menus.distro(), entry, kexecProblem(iso, entry.kernel())));
        }
        return how;
    }

    private static Optional<String> kexecProblem(IsoImage iso, String kernel) throws IOException {
        try {
            var file = iso.open(iso.lookup(kernel, true));
            return KernelImage.kexecProblem(file.readBytes(0, (int) Math.min(file.size(), KernelImage.HEADER_BYTES)));
        } catch (IsoNotFoundException e) {
            return Optional.of(kernel + " is not in the image");
        }
    }

    /**
     * @param kexecProblem why kexec would refuse the entry's kernel ({@link KernelImage#kexecProblem}),
     *                     if it would; a hypervisor's kernel is its module, not kexec's
     */
    public static String describe(DistroFamily family, MenuEntry entry, Optional<String> kexecProblem) {
        if (entry.hypervisor().isEmpty() && kexecProblem.isPresent()) {
            return "not kexec-able: " + kexecProblem.get();
        }
        var handOver = family.handOver(Stage2.NBD_DEVICE);
        var how = handOver.isEmpty()
                ? "its initramfs finds " + Stage2.NBD_DEVICE + " by the image's label or by scanning"
                : String.join(" ", handOver);
        var xen = entry.hypervisor().map(h -> "xen (" + h.path() + "), ").orElse("");
        return "over HTTP: " + xen + family.id() + ", " + how;
    }
}
