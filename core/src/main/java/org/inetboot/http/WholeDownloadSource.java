package org.inetboot.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.inetboot.source.FileSource;
import org.inetboot.source.FilterSource;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Source;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;

/**
 * For a server without range support, and only on explicit request: downloads the whole image
 * once, in the background, into a temporary file that is deleted on close, and serves each read
 * as soon as the download has passed it. A transient failure starts the download again from the
 * beginning (the server has no ranges), under the retry policy; bytes already served are not
 * written again. A download that fails for good fails every read that waits for it.
 */
public final class WholeDownloadSource extends FilterSource {

    private final HttpImageInfo info;
    private final HttpTransport.Exchanges exchanges;
    private final FileChannel file;
    private final Stats stats;
    private long available;
    private long received;
    private IOException failure;

    private WholeDownloadSource(HttpSource http, FileChannel file, Stats stats) {
        super(http);
        this.info = http.info();
        this.exchanges = http.exchanges(); // closing the image (the HttpSource below) cuts the download too
        this.file = file;
        this.stats = stats;
    }

    /** Starts downloading the image that {@code http} probed; reads wait for the download to pass them. */
    public static WholeDownloadSource start(
            HttpSource http, HttpTransport transport, RetryPolicy retry, Path tempDir, Stats stats) throws IOException {
        var path = Files.createTempFile(tempDir, "inetboot-", ".image");
        var file = FileChannel.open(
                path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        var source = new WholeDownloadSource(http, file, stats);
        Thread.ofVirtual().name("download " + http.name()).start(() -> source.download(transport, retry));
        return source;
    }

    private void download(HttpTransport transport, RetryPolicy retry) {
        try {
            retry.call(stats, () -> {
                attempt(transport);
                return null;
            });
        } catch (IOException e) {
            fail(e);
        }
    }

    private void attempt(HttpTransport transport) throws IOException {
        stats.request();
        received = 0;
        try {
            transport.send(
                    transport.request(info.finalUrl()).build(), response -> accept(transport, response), exchanges);
        } catch (IOException e) {
            throw HttpErrors.classify(e, name(), received);
        }
    }

    private BodySubscriber<Void> accept(HttpTransport transport, ResponseInfo response) {
        var problem = response.statusCode() == 200
                ? HttpErrors.changed(info, response.headers(), 0)
                : HttpErrors.statusError(name(), 0, response.statusCode(), response.headers());
        return problem != null
                ? new DiscardingSubscriber(problem)
                : transport.exactBody(name(), 0, size(), this::append);
    }

    /** Writes what lies past the bytes already available (a new attempt starts again at 0). */
    private void append(ByteBuffer bytes) throws IOException {
        long start = received;
        received += bytes.remaining();
        stats.fetched(bytes.remaining());
        long position = availableNow();
        if (received <= position) {
            return;
        }
        bytes.position(bytes.position() + (int) Math.max(0, position - start));
        while (bytes.hasRemaining()) {
            position += file.write(bytes, position);
        }
        synchronized (this) {
            available = position;
            notifyAll();
        }
    }

    private synchronized void fail(IOException e) {
        failure = e;
        notifyAll();
    }

    private synchronized long availableNow() {
        return available;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        awaitDownload(offset + dst.remaining());
        FileSource.readFully(file, dst, offset, name());
    }

    private synchronized void awaitDownload(long end) throws IOException {
        while (available < end) {
            if (failure != null) {
                throw new SourceException("the download of the whole image failed: " + failure.getMessage(), failure);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name() + ": interrupted while waiting for the download");
            }
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
        super.close();
    }
}
