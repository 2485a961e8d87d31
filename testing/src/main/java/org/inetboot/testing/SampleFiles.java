package org.inetboot.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** Files with known content for tests: deterministic random bytes, and sparse giants. */
public final class SampleFiles {

    private SampleFiles() {}

    /** Deterministic pseudo-random bytes for a seed. */
    public static byte[] bytes(int size, long seed) {
        var bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    public static Path write(Path file, long size, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        var buffer = ByteBuffer.allocate(1 << 20);
        try (var channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(buffer.capacity(), size - written);
                var chunk = new byte[n];
                random.nextBytes(chunk);
                channel.write(buffer.clear().put(chunk).flip());
                written += n;
            }
        }
        return file;
    }

    /**
     * A sparse file of {@code size} bytes, with 1 MiB of random data at each of {@code islands}
     * (clipped at the end), so reads far beyond 4 GiB have content to check.
     */
    public static Path sparse(Path file, long size, long seed, long... islands) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            for (long offset : islands) {
                int length = (int) Math.min(1 << 20, size - offset);
                raf.seek(offset);
                raf.write(bytes(length, seed ^ offset));
            }
        }
        return file;
    }
}
