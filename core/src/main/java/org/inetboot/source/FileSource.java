package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A local file or block device. Positional reads make it thread-safe without locking. */
public final class FileSource implements Source {

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final String version;
    private final Stats stats;

    private FileSource(Path path, FileChannel channel, long size, String version, Stats stats) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.version = version;
        this.stats = stats;
    }

    public static FileSource open(Path path, Stats stats) throws SourceException {
        if (Files.isDirectory(path)) {
            throw new SourceException(path + ": is a directory, not an image", null);
        }
        try {
            var channel = FileChannel.open(path, StandardOpenOption.READ);
            var size = channel.size();
            var version = "file:" + size + ":" + Files.getLastModifiedTime(path).toMillis();
            return new FileSource(path, channel, size, version, stats);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImageNotFoundException(path + ": cannot open: no such file");
        } catch (IOException e) {
            throw new SourceException(path + ": cannot open: " + describe(e), e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public Optional<String> version() {
        return Optional.of(version);
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        stats.request();
        int length = dst.remaining();
        readFully(channel, dst, offset, name());
        stats.fetched(length);
    }

    /** Positional reads until {@code dst} is full; a file that ends first is an error naming {@code name}. */
    public static void readFully(FileChannel channel, ByteBuffer dst, long offset, String name) throws IOException {
        for (long position = offset; dst.hasRemaining(); ) {
            int n = channel.read(dst, position);
            if (n < 0) {
                throw new SourceException(name, position, "file ended early (was it truncated?)");
            }
            position += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
