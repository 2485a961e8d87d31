package org.inetboot.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Trees;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;

/**
 * A small Linux to run InetBoot in: Debian's kernel and a {@link RuntimeTree} in one initrd, with
 * the kernel modules asked for (and their dependencies, resolved by InetBoot's own resolver),
 * uncompressed, under a module index (modules.dep, modules.alias, ...) cut down to them, so that
 * the agent can load drivers by modalias. Its /init mounts the pseudo file systems, loads the
 * modules to load at once, runs a script in which {@code inetboot} is the command, and powers off.
 *
 * @param kernel  the kernel image to boot
 * @param initrd  the initrd built for it
 * @param version the kernel's version
 */
public record GuestImage(Path kernel, Path initrd, String version) {

    /**
     * What goes in.
     *
     * @param modules modules to carry (names), with their dependencies
     * @param load    modules to load at start (names), with their dependencies
     * @param script  the shell script /init runs
     * @param files   more files, by their path in the image
     */
    public record Contents(List<String> modules, List<String> load, String script, Map<String, Path> files) {}

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            mkdir -p /proc /sys /dev /tmp /run /mnt
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            for module in $(cat /etc/inetboot/load); do insmod "/lib/modules/$(uname -r)/$module"; done
            export JAVA_HOME=/opt/inetboot/runtime PATH=/opt/inetboot/runtime/bin:/bin
            inetboot() { java @/opt/inetboot/jvm.options -jar /opt/inetboot/inetboot.jar "$@"; }
            . /etc/inetboot/script
            echo "INETBOOT-GUEST-DONE"
            poweroff -f
            """;

    /** Builds the image into {@code out}, with Debian's kernel and the {@code runtime}. */
    public static GuestImage build(DebianPackages packages, RuntimeTree runtime, Contents contents, Path out)
            throws IOException {
        var kernel = DebianKernel.unpack(packages);
        var stage = Files.createDirectories(out.resolve("stage"));
        runtime.write(stage);
        ModuleTree.write(kernel.modules(), contents.modules(), contents.load(), stage, "etc/inetboot/load");
        Trees.executable(stage.resolve("init"), INIT);
        Files.writeString(stage.resolve("etc/inetboot/script"), contents.script());
        for (var file : contents.files().entrySet()) {
            Trees.copy(file.getValue(), stage.resolve(file.getKey()));
        }
        var initrd = out.resolve("initrd.img");
        try (var archive = new BufferedOutputStream(Files.newOutputStream(initrd), 1 << 20)) {
            Overlay.write(stage, 0, Compression.ZSTD, archive);
        }
        return new GuestImage(kernel.vmlinuz(), initrd, kernel.version());
    }
}
