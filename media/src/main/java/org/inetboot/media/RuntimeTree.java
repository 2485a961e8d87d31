package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.inetboot.agent.AgentFiles;
import org.inetboot.agent.Network;

/**
 * What every InetBoot root holds, whichever kernel runs it: busybox (static), glibc's core
 * libraries, the jlinked Java runtime, the inetboot jar ({@code /opt/inetboot}) and udhcpc's hook.
 * The medium's root and stage 2's root are both made of it.
 */
final class RuntimeTree {

    static final String JAR = "opt/inetboot/inetboot.jar";
    static final String RUNTIME = "opt/inetboot/runtime";

    /** glibc's libraries that the jlinked runtime links against (ldd bin/java, lib/server/libjvm.so). */
    private static final List<String> LIBRARIES = List.of("ld-linux-x86-64.so.2", "libc.so.6", "libdl.so.2", "libm.so.6",
            "libpthread.so.0", "librt.so.1");

    private RuntimeTree() {}

    static void write(DebianPackages packages, Path jar, Path root) throws IOException {
        copy(packages.unpack("busybox-static").resolve("bin/busybox"), root.resolve("bin/busybox"));
        var libc = packages.unpack("libc6");
        for (var library : LIBRARIES) {
            copy(libc.resolve("lib/x86_64-linux-gnu/" + library), root.resolve("lib/x86_64-linux-gnu/" + library));
        }
        Files.createDirectories(root.resolve("lib64"));
        Files.deleteIfExists(root.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        copyTree(JavaRuntime.jlink(packages.cacheDir()), root.resolve(RUNTIME));
        copy(jar, root.resolve(JAR));
        executable(root.resolve(Network.DHCP_SCRIPT.substring(1)), AgentFiles.dhcpScript());
        Files.createDirectories(root.resolve("etc"));
    }

    static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void copy(Path from, Path to) throws IOException {
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
