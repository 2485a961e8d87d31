package org.inetboot.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;

/**
 * A small Linux to run InetBoot in: Debian's kernel, the modules asked for (with their
 * dependencies, resolved by InetBoot's own resolver), busybox, glibc's core libraries, a jlinked
 * Java runtime and the inetboot jar, in one initrd. Its /init mounts the pseudo file systems, loads the modules,
 * configures every network interface by DHCP, then runs a script, in which {@code inetboot} is
 * the command, and powers off.
 *
 * @param kernel  the kernel image to boot
 * @param initrd  the initrd built for it
 * @param version the kernel's version
 */
public record GuestImage(Path kernel, Path initrd, String version) {

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            mkdir -p /proc /sys /dev /tmp /run /mnt
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            for module in $(cat /etc/inetboot/modules); do insmod "/lib/modules/$module"; done
            ip link set lo up
            for path in /sys/class/net/*; do
                interface=${path##*/}
                [ "$interface" = lo ] || udhcpc -i "$interface" -n -q -t 10 -s /usr/share/udhcpc/default.script
            done
            export JAVA_HOME=/opt/inetboot/runtime PATH=/opt/inetboot/runtime/bin:/bin
            inetboot() { java -jar /opt/inetboot/inetboot.jar "$@"; }
            . /etc/inetboot/script
            echo "INETBOOT-GUEST-DONE"
            poweroff -f
            """;

    /** Applies udhcpc's lease: address, default route, name servers. */
    private static final String DHCP_SCRIPT = """
            #!/bin/sh
            case "$1" in
                deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
                bound|renew)
                    ip addr add "$ip/${mask:-24}" dev "$interface"
                    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
                    : > /etc/resolv.conf
                    for server in $dns; do echo "nameserver $server" >> /etc/resolv.conf; done ;;
            esac
            """;

    /** Builds the image into {@code out}, with the {@code modules} and the {@code script} to run. */
    public static GuestImage build(DebianPackages packages, Path jar, List<String> modules, String script, Path out)
            throws IOException {
        var kernelPackage = kernelPackage();
        var kernel = packages.unpack(kernelPackage);
        var version = kernelPackage.substring("linux-image-".length());
        if (!Files.exists(kernel.resolve("lib/modules/" + version + "/modules.dep"))) {
            DebianPackages.run(kernel, List.of("depmod", "-b", kernel.toString(), version));
        }
        var stage = Files.createDirectories(out.resolve("stage"));
        copy(packages.unpack("busybox-static").resolve("bin/busybox"), stage.resolve("bin/busybox"));
        copyLibraries(packages.unpack("libc6"), stage);
        copyTree(JavaRuntime.jlink(packages.cacheDir()), stage.resolve("opt/inetboot/runtime"));
        copy(jar, stage.resolve("opt/inetboot/inetboot.jar"));
        writeModules(kernel, version, modules, stage);
        executable(stage.resolve("init"), INIT);
        executable(stage.resolve("usr/share/udhcpc/default.script"), DHCP_SCRIPT);
        Files.writeString(stage.resolve("etc/inetboot/script"), script);
        var initrd = out.resolve("initrd.img");
        try (var archive = new BufferedOutputStream(Files.newOutputStream(initrd), 1 << 20)) {
            Overlay.write(stage, 0, Compression.ZSTD, archive);
        }
        return new GuestImage(kernel.resolve("boot/vmlinuz-" + version), initrd, version);
    }

    /** The kernel package linux-image-amd64 points to, e.g. linux-image-6.1.0-28-amd64. */
    private static String kernelPackage() throws IOException {
        return DebianPackages.run(Path.of("/"), List.of("apt-cache", "depends", "linux-image-amd64")).lines().map(String::strip)
                .filter(line -> line.startsWith("Depends: linux-image-")).map(line -> line.substring("Depends: ".length()))
                .findFirst().orElseThrow(() -> new IOException("apt knows no linux-image-amd64 (is apt-get update done?)"));
    }

    /** The modules to load, in order, decompressed, and their order in /etc/inetboot/modules. */
    private static void writeModules(Path kernel, String version, List<String> names, Path stage) throws IOException {
        var resolver = KernelModules.read(ModuleFiles.directory(kernel, version));
        var order = new StringBuilder();
        for (var entry : resolver.contents(resolver.resolve(names)).entrySet()) {
            var path = entry.getKey().path().replaceFirst("\\.(xz|zst|gz)$", "");
            var target = stage.resolve("lib/modules/" + path);
            Files.createDirectories(target.getParent());
            Files.write(target, entry.getValue());
            order.append(path).append('\n');
        }
        Files.createDirectories(stage.resolve("etc/inetboot"));
        Files.writeString(stage.resolve("etc/inetboot/modules"), order);
    }

    /** glibc's libraries that the jlinked runtime links against (ldd bin/java, lib/server/libjvm.so). */
    private static final List<String> LIBRARIES = List.of("ld-linux-x86-64.so.2", "libc.so.6", "libdl.so.2", "libm.so.6",
            "libpthread.so.0", "librt.so.1");

    private static void copyLibraries(Path libc, Path stage) throws IOException {
        for (var library : LIBRARIES) {
            copy(libc.resolve("lib/x86_64-linux-gnu/" + library), stage.resolve("lib/x86_64-linux-gnu/" + library));
        }
        Files.createDirectories(stage.resolve("lib64"));
        Files.deleteIfExists(stage.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(stage.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (var source : walk.toList()) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
