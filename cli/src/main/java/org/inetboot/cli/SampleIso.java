package org.inetboot.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's sample ISO: a live-CD-like layout (boot menu, kernel, a large root file system
 * stand-in of deterministic bytes) made with xorriso, Rock Ridge and Joliet.
 */
final class SampleIso {

    static final String ROOT_FS = "/live/filesystem.squashfs";
    private static final int MIB = 1 << 20;

    private SampleIso() {}

    /** Writes the tree under {@code dir}/tree and the image as {@code dir}/sample.iso; returns the image. */
    static Path build(Path dir) throws IOException {
        var tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("boot/grub"));
        Files.createDirectories(tree.resolve("isolinux"));
        Files.createDirectories(tree.resolve("live"));
        Files.writeString(tree.resolve("README.txt"), """
                This sample image was made by `inetboot demo` and is served on loopback.
                InetBoot reads it over HTTP without downloading it: only the sectors needed.
                """);
        Files.writeString(tree.resolve("boot/grub/grub.cfg"), """
                set default=0
                menuentry "Sample live system" {
                    linux /live/vmlinuz boot=live
                    initrd /live/initrd.img
                }
                menuentry "Sample live system (safe mode)" {
                    linux /live/vmlinuz boot=live nomodeset
                    initrd /live/initrd.img
                }
                """);
        Files.writeString(tree.resolve("isolinux/isolinux.cfg"), """
                DEFAULT live
                LABEL live
                  MENU LABEL Sample live system
                  KERNEL /live/vmlinuz
                  APPEND initrd=/live/initrd.img boot=live
                """);
        random(tree.resolve("live/vmlinuz"), 4L * MIB, 1);
        random(tree.resolve("live/initrd.img"), 8L * MIB, 2);
        random(tree.resolve(ROOT_FS.substring(1)), 96L * MIB, 3);
        var image = dir.resolve("sample.iso");
        run(List.of("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "INETBOOT_SAMPLE", "-o", image.toString(),
                tree.toString()));
        return image;
    }

    private static void random(Path file, long size, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        var buffer = ByteBuffer.allocate(MIB);
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += MIB) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.putLong(random.nextLong());
                }
                channel.write(buffer.flip());
            }
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.getFirst() + " is not installed (./setup installs it)", e);
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(command.getFirst() + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }
}
