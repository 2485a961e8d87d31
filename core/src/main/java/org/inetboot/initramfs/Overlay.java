package org.inetboot.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.inetboot.source.Source;

/**
 * Archives that InetBoot adds to a distribution's initrd. The kernel unpacks archives in order,
 * so files of an appended archive win over the base's; appending copies the base unchanged
 * (never recompressing it) and pads it to four bytes, where the kernel looks for the next header.
 */
public final class Overlay {

    private Overlay() {}

    /** One file, directory or symbolic link to put in an archive. */
    public record Item(String name, int mode, long mtime, byte[] data) {
        public static Item directory(String name, int permissions) {
            return new Item(name, CpioEntry.S_IFDIR | permissions, 0, new byte[0]);
        }

        public static Item file(String name, int permissions, byte[] data) {
            return new Item(name, CpioEntry.S_IFREG | permissions, 0, data);
        }

        public static Item symlink(String name, String target) {
            return new Item(name, CpioEntry.S_IFLNK | 0777, 0, target.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code items} as one archive, compressed. */
    public static void write(List<Item> items, Compression compression, OutputStream out) throws IOException {
        try (var compressed = compression.compressor(out);
                var cpio = new CpioWriter(compressed)) {
            for (var item : items) {
                long nlink = (item.mode() & CpioEntry.S_IFMT) == CpioEntry.S_IFDIR ? 2 : 1;
                cpio.write(
                        new CpioEntry(
                                item.name(), item.mode(), 0, 0, nlink, item.mtime(), item.data().length, 0, 0, 0, 0, 0),
                        item.data());
            }
        }
    }

    /**
     * Writes the tree under {@code dir} as one archive, parents before children, in name order.
     * Reproducible: owner root, and every mtime {@code mtime} when it is not negative.
     */
    public static void write(Path dir, long mtime, Compression compression, OutputStream out) throws IOException {
        try (var compressed = compression.compressor(out);
                var cpio = new CpioWriter(compressed);
                Stream<Path> walk = Files.walk(dir)) {
            for (var path : walk.filter(p -> !p.equals(dir))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList()) {
                entry(cpio, dir.relativize(path).toString(), path, mtime);
            }
        }
    }

    private static void entry(CpioWriter cpio, String name, Path path, long mtime) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long time = mtime >= 0
                ? mtime
                : Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
        long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        byte[] data = switch (mode & CpioEntry.S_IFMT) {
            case CpioEntry.S_IFLNK -> Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8);
            case CpioEntry.S_IFREG -> null;
            default -> new byte[0];
        };
        long size = data != null ? data.length : Files.size(path);
        long nlink = (mode & CpioEntry.S_IFMT) == CpioEntry.S_IFDIR ? 2 : 1;
        var entry = new CpioEntry(
                name, mode, 0, 0, nlink, time, size, 0, 0, 0, rdev >>> 8 & 0xfff, rdev & 0xff | rdev >>> 12 & 0xfff00);
        try (InputStream in = data != null ? new java.io.ByteArrayInputStream(data) : Files.newInputStream(path)) {
            cpio.write(entry, in);
        }
    }

    /**
     * Copies {@code base} unchanged to {@code out} and pads it for an archive to follow. Refuses a
     * base whose compressed member is lz4: the kernel's lz4 decoder takes everything after it.
     */
    public static void copyBase(Source base, OutputStream out) throws IOException {
        var first = Initrd.firstCompressed(base);
        if (first == Compression.LZ4) {
            throw new InitrdFormatException(base.name() + ": its main archive is lz4, after which the kernel reads"
                    + " nothing: nothing can be appended to it");
        }
        var buffer = ByteBuffer.allocate(1 << 20);
        for (long offset = 0; offset < base.size(); ) {
            int n = (int) Math.min(buffer.capacity(), base.size() - offset);
            base.read(buffer.clear().limit(n), offset);
            out.write(buffer.array(), 0, n);
            offset += n;
        }
        out.write(new byte[(int) ((4 - (base.size() & 3)) & 3)]);
    }
}
