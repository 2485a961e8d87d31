package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.inetboot.agent.AgentFiles;
import org.inetboot.agent.Network;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Trees;

/**
 * What every InetBoot root holds, whichever kernel runs it: busybox (static), glibc's core
 * libraries, the jlinked Java runtime, the inetboot jar with its AOT cache and JVM options
 * ({@code /opt/inetboot}), and udhcpc's hook. Prepared once, written into the medium's root and
 * into stage 2's.
 *
 * @param busybox  busybox's static binary
 * @param libc     the unpacked libc6 package
 * @param runtime  the jlinked runtime
 * @param jar      the inetboot jar, with the modification time the initrd will give it
 * @param aotCache the AOT cache trained with that jar on that runtime
 */
public record RuntimeTree(Path busybox, Path libc, Path runtime, Path jar, Path aotCache) {

    static final String JAR = "opt/inetboot/inetboot.jar";
    static final String RUNTIME = "opt/inetboot/runtime";
    static final String AOT_CACHE = "opt/inetboot/inetboot.aot";
    /** The JVM's options, as a java @argfile: the scripts run {@code java @/opt/inetboot/jvm.options -jar ...}. */
    static final String JVM_OPTIONS = "opt/inetboot/jvm.options";

    /** glibc's libraries that the jlinked runtime links against (ldd bin/java, lib/server/libjvm.so). */
    private static final List<String> LIBRARIES =
            List.of("ld-linux-x86-64.so.2", "libc.so.6", "libdl.so.2", "libm.so.6", "libpthread.so.0", "librt.so.1");

    /** Fetches the parts and trains the AOT cache, in {@code work}. */
    public static RuntimeTree prepare(DebianPackages packages, Path jar, Path work) throws IOException {
        var runtime = JavaRuntime.jlink(packages.cacheDir());
        var staged = Files.createDirectories(work.resolve("jar")).resolve("inetboot.jar");
        LinuxJar.write(jar, staged);
        // the initrd stores every file with mtime 0, and the AOT cache is valid only for the jar's own mtime
        Files.setLastModifiedTime(staged, FileTime.fromMillis(0));
        var aot = JavaRuntime.trainAotCache(runtime, staged, work.resolve("aot"));
        return new RuntimeTree(
                packages.unpack("busybox-static").resolve("bin/busybox"),
                packages.unpack("libc6"),
                runtime,
                staged,
                aot);
    }

    void write(Path root) throws IOException {
        Trees.copy(busybox, root.resolve("bin/busybox"));
        for (var library : LIBRARIES) {
            Trees.copy(
                    libc.resolve("lib/x86_64-linux-gnu/" + library), root.resolve("lib/x86_64-linux-gnu/" + library));
        }
        Files.createDirectories(root.resolve("lib64"));
        Files.deleteIfExists(root.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(
                root.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Trees.copyTree(runtime, root.resolve(RUNTIME));
        Trees.copy(jar, root.resolve(JAR));
        Trees.copy(aotCache, root.resolve(AOT_CACHE));
        Files.write(root.resolve(JVM_OPTIONS), JavaRuntime.options("-XX:AOTCache=/" + AOT_CACHE));
        Trees.executable(root.resolve(Network.DHCP_SCRIPT.substring(1)), AgentFiles.dhcpScript());
        Files.createDirectories(root.resolve("etc"));
    }
}
