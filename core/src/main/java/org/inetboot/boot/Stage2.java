package org.inetboot.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What stage 1 gives stage 2, which runs first in the target's initramfs and attaches the image to
 * the NBD device before the target's own init looks for its medium.
 *
 * @param payload    stage 2's archive, made when the medium was built and appended unchanged:
 *                   {@value #INIT} (which the kernel runs, by {@code rdinit=}), the runtime and the agent
 * @param modules    names or modaliases to load from the target kernel's own modules (nbd, the NIC in use)
 * @param parameters kernel arguments for stage 2 itself, e.g. {@code inetboot.ip=...}
 * @param caCertificates the medium's extra CA certificates (PEM) for HTTPS mirrors, or null: stage 2
 *                   finds them at {@value #CA_CERTIFICATES}, where stage 1 found its own
 */
public record Stage2(Path payload, List<String> modules, List<String> parameters, byte[] caCertificates) {

    /** The block device stage 2 attaches the image to, before the family's initramfs looks for its medium. */
    public static final String NBD_DEVICE = "/dev/nbd0";

    /** Stage 2's entry point in the target's initramfs. */
    public static final String INIT = "/inetboot/init";

    /** Where stage 2's own root (moved to a tmpfs at boot) starts in the initramfs. */
    public static final String ROOT = "inetboot/root";

    /** What stage 1 writes for stage 2, inside {@link #ROOT}: the plan, and the modules with the order to load them in. */
    public static final String PLAN = "etc/inetboot/plan.json";

    public static final String MODULES = "etc/inetboot/modules";

    /** The CA certificates a medium was built with ({@code media build --ca-cert}), in its root and in stage 2's. */
    public static final String CA_CERTIFICATES = "etc/inetboot/ca-certificates.pem";

    /** The modules to load, one a line, in order: a file name, then the module's parameters if any. */
    public static final String MODULE_ORDER = MODULES + "/order";

    /**
     * Parameters of the modules stage 2 loads. One nbd device, not the driver's default 16: the
     * distribution's init probes every block device, and live-boot, when its medium is missing,
     * 60 times (blkid, udev and cdrom_id on each: 6 minutes under TCG with 16, under one with 1).
     * Netlink clients (nbd-client -L) still add devices as they need them.
     */
    public static final Map<String, String> MODULE_PARAMETERS = Map.of("nbd.ko", "nbds_max=1");

    public Stage2 {
        modules = List.copyOf(modules);
        parameters = List.copyOf(parameters);
    }

    public Stage2(Path payload, List<String> modules, List<String> parameters) {
        this(payload, modules, parameters, null);
    }
}
