package org.inetboot.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Chunks in files under a cache directory, kept across restarts.
 *
 * <p>Each image gets {@code DIR/<hash of name>/<hash of size and version>/}; opening an image
 * whose version changed removes the chunks of its old versions. Every chunk file ends with its
 * length and CRC32C and is written to a temporary file first, then renamed, so a torn or partial
 * chunk (a crash, a full disk) is detected, deleted and fetched again, never served. The whole
 * directory is kept under a byte budget by removing the least recently used chunks.
 */
public final class DiskChunkStore implements ChunkStore {

    private static final System.Logger LOG = System.getLogger(DiskChunkStore.class.getName());
    private static final String SUFFIX = ".chunk";
    private static final int TRAILER = 8;
    private static final int MAX_FILE = 64 << 20;

    private final Path root;
    private final Path dir;
    private final long budget;
    private final AtomicLong used;

    private DiskChunkStore(Path root, Path dir, long budget, long used) {
        this.root = root;
        this.dir = dir;
        this.budget = budget;
        this.used = new AtomicLong(used);
    }

    /** A store for {@code source}, or empty when nothing identifies the image's version. */
    public static Optional<ChunkStore> open(Path root, Source source, long budgetBytes) throws IOException {
        if (source.version().isEmpty()) {
            return Optional.empty();
        }
        var imageDir = root.resolve(hash(source.name()));
        var dir = imageDir.resolve(hash(source.size() + "\n" + source.version().get()));
        Files.createDirectories(dir);
        try (var versions = Files.list(imageDir)) {
            for (var old : versions.filter(p -> !p.equals(dir)).toList()) {
                deleteTree(old);
            }
        }
        return Optional.of(new DiskChunkStore(root, dir, budgetBytes, chunkBytes(chunkFiles(root))));
    }

    @Override
    public ByteBuffer get(long index) {
        var file = file(index);
        try {
            long fileSize = Files.size(file);
            if (fileSize < TRAILER || fileSize > MAX_FILE) {
                return discard(file, "bad size " + fileSize);
            }
            var buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            int length = buffer.getInt(buffer.limit() - TRAILER);
            int crc = buffer.getInt(buffer.limit() - 4);
            var data = buffer.slice(0, buffer.limit() - TRAILER);
            if (length != data.remaining() || crc != crc(data)) {
                return discard(file, "length or checksum mismatch");
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return data.asReadOnlyBuffer();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return discard(file, e.toString());
        }
    }

    @Override
    public void put(long index, ByteBuffer chunk) {
        var data = chunk.duplicate();
        var trailer = ByteBuffer.allocate(TRAILER).putInt(data.remaining()).putInt(crc(data)).flip();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, Long.toHexString(index), ".tmp");
            try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, data);
                writeFully(channel, trailer);
            }
            moveAtomically(temp, file(index));
            if (used.addAndGet(chunk.remaining() + TRAILER) > budget) {
                evict();
            }
        } catch (IOException | UncheckedIOException e) {
            // A cache that cannot write is only slower: the chunk was already served from the network.
            LOG.log(Level.DEBUG, "cannot cache chunk " + index + " in " + dir + ": " + e);
            deleteQuietly(temp);
        }
    }

    private Path file(long index) {
        return dir.resolve(Long.toHexString(index) + SUFFIX);
    }

    private ByteBuffer discard(Path file, String why) {
        LOG.log(Level.WARNING, "discarding damaged cache file " + file + ": " + why);
        deleteQuietly(file);
        return null;
    }

    /** Removes the least recently used chunks of every image until 90% of the budget is used. */
    private synchronized void evict() throws IOException {
        var files = chunkFiles(root);
        long total = chunkBytes(files);
        files.sort(Comparator.comparing(DiskChunkStore::lastModified));
        for (var file : files) {
            if (total <= budget * 9 / 10) {
                break;
            }
            long size = Files.size(file);
            if (Files.deleteIfExists(file)) {
                total -= size;
            }
        }
        used.set(total);
    }

    private static List<Path> chunkFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.filter(p -> p.toString().endsWith(SUFFIX)).toList());
        }
    }

    private static long chunkBytes(List<Path> files) {
        return files.stream().mapToLong(DiskChunkStore::sizeOrZero).sum();
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache directory cannot rename atomically", e);
        }
    }

    private static int crc(ByteBuffer data) {
        var crc = new CRC32C();
        crc.update(data.duplicate());
        return (int) crc.getValue();
    }

    private static String hash(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more to do: the next get will not trust it either
            }
        }
    }
}
