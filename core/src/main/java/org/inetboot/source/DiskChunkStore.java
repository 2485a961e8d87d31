package org.inetboot.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Chunks in files under a cache directory, kept across restarts.
 *
 * <p>Each image gets {@code DIR/<hash of name>/<hash of everything that shapes a chunk>/} (size,
 * version, chunk size, layout); opening an image with another key removes the chunks of its other
 * keys. Every chunk file ends with its offset, length and a CRC32C over all three, and is written to
 * a temporary file first, then renamed: a torn, partial or misplaced chunk (a crash, a full disk,
 * another chunk size, a copied file) is detected on load, deleted and fetched again, never served.
 * The whole directory is kept under a byte budget by removing the least recently used chunks. The
 * store only ever deletes files of its own layout ({@code hex/hex/hex.chunk}): other files under
 * the directory are the user's.
 */
public final class DiskChunkStore implements ChunkStore {

    private static final System.Logger LOG = System.getLogger(DiskChunkStore.class.getName());
    private static final String SUFFIX = ".chunk";
    /** Changes whenever the file layout does, so that chunks of an older layout are never read. */
    private static final String LAYOUT = "chunks v2";
    /** offset (8), length (4), CRC32C of data, offset and length (4). */
    private static final int TRAILER = 16;

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHUNK_FILE = Pattern.compile("[0-9a-f]{1,16}\\" + SUFFIX);
    private static final Pattern TEMP_FILE = Pattern.compile("[0-9a-f]{1,16}[0-9]*\\.tmp");

    private final Path root;
    private final Path dir;
    private final long imageSize;
    private final int chunkSize;
    private final long budget;
    private final AtomicLong used;

    private DiskChunkStore(Path root, Path dir, long imageSize, int chunkSize, long budget) throws IOException {
        this.root = root;
        this.dir = dir;
        this.imageSize = imageSize;
        this.chunkSize = chunkSize;
        this.budget = budget;
        this.used = new AtomicLong(chunkBytes(chunkFiles(root)));
    }

    /**
     * A store for {@code source}'s chunks of {@code chunkSize} bytes, or empty when nothing
     * identifies the image's version.
     */
    public static Optional<ChunkStore> open(Path root, Source source, int chunkSize, long budgetBytes)
            throws IOException {
        if (source.version().isEmpty()) {
            return Optional.empty();
        }
        var imageDir = root.resolve(hash(source.name()));
        var key = String.join(
                "\n", LAYOUT, Long.toString(source.size()), source.version().get(), Integer.toString(chunkSize));
        var dir = imageDir.resolve(hash(key));
        Files.createDirectories(dir);
        try (var keys = Files.list(imageDir)) {
            for (var other :
                    keys.filter(p -> !p.equals(dir) && ownsName(p, KEY)).toList()) {
                deleteOwned(other);
            }
        }
        return Optional.of(new DiskChunkStore(root, dir, source.size(), chunkSize, budgetBytes));
    }

    @Override
    public ByteBuffer get(long index) {
        long offset = index * chunkSize;
        if (index < 0 || offset >= imageSize) {
            return null;
        }
        int length = (int) Math.min(chunkSize, imageSize - offset);
        var file = file(index);
        try {
            long fileSize = Files.size(file);
            if (fileSize != length + TRAILER) {
                return discard(file, "size " + fileSize + ", expected " + (length + TRAILER));
            }
            var buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            var data = buffer.slice(0, length);
            if (buffer.limit() != length + TRAILER
                    || !buffer.slice(length, TRAILER).equals(trailer(data, offset))) {
                return discard(file, "offset, length or checksum mismatch");
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
        var trailer = trailer(data, index * chunkSize);
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

    /** The chunk files of this store's layout under {@code root}, and nothing else. */
    private static List<Path> chunkFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return new ArrayList<>(walk.filter(p -> isChunkFile(root, p)).toList());
        }
    }

    private static boolean isChunkFile(Path root, Path file) {
        var relative = root.relativize(file);
        return relative.getNameCount() == 3
                && KEY.matcher(relative.getName(0).toString()).matches()
                && KEY.matcher(relative.getName(1).toString()).matches()
                && CHUNK_FILE.matcher(relative.getName(2).toString()).matches()
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean ownsName(Path path, Pattern pattern) {
        return pattern.matcher(path.getFileName().toString()).matches();
    }

    /** The data's place and checksum, written after it and compared on load. */
    private static ByteBuffer trailer(ByteBuffer data, long offset) {
        var trailer = ByteBuffer.allocate(TRAILER).putLong(offset).putInt(data.remaining());
        var crc = new CRC32C();
        crc.update(data.duplicate());
        crc.update(trailer.array(), 0, TRAILER - 4);
        return trailer.putInt((int) crc.getValue()).flip();
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

    private static String hash(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Deletes another key's chunk and temporary files, then its directory if nothing else is left. */
    private static void deleteOwned(Path keyDir) throws IOException {
        if (!Files.isDirectory(keyDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var files = Files.list(keyDir)) {
            for (var file : files.filter(p -> ownsName(p, CHUNK_FILE) || ownsName(p, TEMP_FILE))
                    .toList()) {
                Files.deleteIfExists(file);
            }
        }
        try {
            Files.delete(keyDir);
        } catch (DirectoryNotEmptyException e) {
            // the user's own files: left alone
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
