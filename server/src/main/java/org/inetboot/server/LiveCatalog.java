package org.inetboot.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a {@link Publication} current while files come and go: it looks at the directory every
 * {@code interval} (names, sizes and times of what could be an image; polling sees every file
 * system, a network share too, and a half-copied image only means one more look) and publishes
 * again when that changed. One code path with {@code inetboot publish}: the same files, written
 * the same way, which the server then serves as any others.
 */
public final class LiveCatalog implements AutoCloseable {

    private final Publication publication;
    private final Duration interval;
    private final PrintWriter log;
    private final Thread thread;
    private volatile int publications;

    private LiveCatalog(Publication publication, Duration interval, PrintWriter log) {
        this.publication = publication;
        this.interval = interval;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("live-catalog").start(this::run);
    }

    /** Publishes now, then whenever the directory changes. */
    public static LiveCatalog start(Publication publication, Duration interval, PrintWriter log) throws IOException {
        publication.publish(log);
        return new LiveCatalog(publication, interval, log);
    }

    /** How many times it published after the start: for tests. */
    public int publications() {
        return publications;
    }

    private void run() {
        var seen = fingerprint();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
                var now = fingerprint();
                if (!now.equals(seen)) {
                    publication.publish(log);
                    publications++;
                    seen = now;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.println("inetboot: the catalog of " + publication.dir() + " was not written: " + e.getMessage());
            }
        }
    }

    /**
     * Name, size and time of every file under the directory but the publication's own, as far as
     * a publication lists them (twice its limit of files and directories: the fingerprint stays bounded).
     */
    private List<String> fingerprint() {
        var files = new ArrayList<String>();
        try (var walk = Files.walk(publication.dir(), 8)) {
            walk.filter(p -> !p.equals(publication.dir()))
                    .filter(p -> !Publication.OURS.contains(
                            publication.dir().relativize(p).getName(0).toString()))
                    .limit(2L * Publication.MAX_FILES)
                    .forEach(p -> {
                        try {
                            var attributes = Files.readAttributes(
                                    p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            files.add(p + " " + attributes.size() + " " + attributes.lastModifiedTime());
                        } catch (IOException gone) {
                            files.add(p + " gone");
                        }
                    });
        } catch (IOException | RuntimeException e) {
            files.add("unreadable: " + e.getMessage());
        }
        return files;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
