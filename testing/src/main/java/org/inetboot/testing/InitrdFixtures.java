package org.inetboot.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.host.Processes;

/** Initrds made with GNU cpio and the real compressors, and read back with them. */
public final class InitrdFixtures {

    private InitrdFixtures() {}

    /** A tree with directories, files (one empty, one large), a symbolic link, hard links and a FIFO. */
    public static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc/modprobe.d"));
        Files.write(root.resolve("bin/tool"), SampleFiles.bytes(300_000, 101));
        Files.writeString(root.resolve("etc/motd"), "base motd\n");
        Files.createLink(root.resolve("etc/motd.link"), root.resolve("etc/motd"));
        Files.write(root.resolve("etc/empty"), new byte[0]);
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
        Processes.run(root, List.of("mkfifo", "etc/fifo"));
        return root;
    }

    /** {@code find . | sort | cpio -o -H newc} in {@code dir}: what initramfs tools do. */
    public static byte[] cpio(Path dir) throws IOException {
        return shell(dir, "find . | LC_ALL=C sort | cpio -o -H newc --quiet", null);
    }

    /** Pipes {@code input} through a shell command, e.g. "xz --check=crc32". */
    public static byte[] filter(String command, byte[] input) throws IOException {
        return shell(Path.of("/"), command, input);
    }

    /** The names GNU cpio lists in an uncompressed archive, in order. */
    public static List<String> cpioNames(byte[] archive) throws IOException {
        return new String(shell(Path.of("/"), "cpio -t --quiet", archive))
                .lines()
                .toList();
    }

    /** Unpacks an uncompressed archive with GNU cpio. */
    public static void cpioExtract(byte[] archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        shell(dir, "cpio -idmu --quiet", archive);
    }

    private static byte[] shell(Path dir, String command, byte[] input) throws IOException {
        var process = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + command))
                .directory(dir.toFile())
                .start();
        var errors = new ByteArrayOutputStream();
        var feeder = Thread.ofVirtual().start(() -> {
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            } catch (IOException ignored) {
                // the command stopped reading; its status says why
            }
        });
        var drain = Thread.ofVirtual().start(() -> {
            try {
                process.getErrorStream().transferTo(errors);
            } catch (IOException ignored) {
                // nothing more to report
            }
        });
        var output = process.getInputStream().readAllBytes();
        try {
            feeder.join();
            drain.join();
            if (process.waitFor() != 0) {
                throw new IOException(command + " failed: " + errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
        return output;
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The compressors the kernel reads, as initramfs-tools invokes them. */
    public static List<String[]> compressors() {
        var list = new ArrayList<String[]>();
        list.add(new String[] {"gzip", "gzip -9 -n"});
        list.add(new String[] {"xz", "xz --check=crc32"});
        list.add(new String[] {"xz", "xz --check=crc64"});
        list.add(new String[] {"lzma", "lzma"});
        list.add(new String[] {"bzip2", "bzip2"});
        list.add(new String[] {"zstd", "zstd -q -19"});
        list.add(new String[] {"lz4", "lz4 -l -q"});
        return list;
    }
}
