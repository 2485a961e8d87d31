package org.inetboot.mirrors;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.inetboot.http.HttpSource;
import org.inetboot.http.HttpTransport;
import org.inetboot.metalink.Metalink;
import org.inetboot.metalink.Pieces;
import org.inetboot.source.ImageChangedException;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Source;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;
import org.inetboot.source.TransientSourceException;

/**
 * One image served by several mirrors, each a verified source: a read goes to the mirror expected
 * to answer first (measured latency and throughput, reads already in flight there, Metalink
 * priority), so parallel and prefetch reads spread over the good ones. A read slower than that
 * mirror's 95th percentile is also sent to the next best (hedged, within a budget of 5% of reads)
 * and the first good answer wins. A mirror that fails a read rests and the read goes to the next
 * at once; one that sends a bad piece, another build or a refusal is demoted for the session. Only
 * when every mirror failed does the read fail: transiently (the retry layer above waits and tries
 * again) unless none is left.
 */
public final class MirrorSource implements Source {

    private static final System.Logger LOG = System.getLogger(MirrorSource.class.getName());
    /** Hedges allowed per read, and the burst the budget may save up. */
    private static final double HEDGE_SHARE = 0.05;

    private static final double HEDGE_BURST = 5;
    /** A mirror is probed twice at most when the image is opened: a dead one must not hold the boot up. */
    private static final RetryPolicy PROBE = new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1));

    private static final Executor VIRTUAL = task -> Thread.ofVirtual().start(task);

    private final String name;
    private final long size;
    private final String version;
    private final List<Mirror> mirrors;
    private final List<MirrorReport> dropped;
    private final Stats stats;
    private double hedgeTokens = HEDGE_BURST;

    MirrorSource(
            String name, long size, String version, List<Mirror> mirrors, List<MirrorReport> dropped, Stats stats) {
        this.name = name;
        this.size = size;
        this.version = version;
        this.mirrors = List.copyOf(mirrors);
        this.dropped = List.copyOf(dropped);
        this.stats = stats;
    }

    /**
     * Probes every mirror of {@code manifest} at once (size, ranges) and keeps those that serve
     * the image the manifest describes, each behind a {@link VerifyingSource} when it has pieces.
     * A mirror that does not answer, or serves another size, is dropped with a warning.
     */
    public static MirrorSource open(
            Metalink manifest, String name, List<Metalink.Mirror> servers, HttpTransport transport, Stats stats)
            throws IOException {
        var urls = servers.stream()
                .sorted(Comparator.comparingInt(Metalink.Mirror::priority))
                .toList();
        var probes = new ArrayList<CompletableFuture<Mirror>>();
        for (int rank = 0; rank < urls.size(); rank++) {
            var server = urls.get(rank);
            int place = rank;
            probes.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return probe(manifest, server.uri(), server.priority(), place, transport, stats);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    },
                    VIRTUAL));
        }
        var mirrors = new ArrayList<Mirror>();
        var dropped = new ArrayList<MirrorReport>();
        for (int i = 0; i < probes.size(); i++) {
            try {
                mirrors.add(probes.get(i).join());
            } catch (CompletionException e) {
                var reason = e.getCause().getMessage();
                var server = urls.get(i);
                LOG.log(System.Logger.Level.WARNING, server.uri() + " dropped: " + reason);
                dropped.add(new MirrorReport(
                        server.uri().toString(), server.priority(), "dropped: " + reason, 0, 0, 1, 0, 0, 0));
            }
        }
        if (mirrors.isEmpty()) {
            throw new SourceException(
                    name,
                    0,
                    "none of the " + urls.size() + " mirrors serves the image"
                            + (dropped.isEmpty()
                                    ? ""
                                    : "; " + dropped.getFirst().state()));
        }
        return new MirrorSource(name, manifest.size(), version(manifest), mirrors, dropped, stats);
    }

    private static Mirror probe(
            Metalink manifest, URI url, int priority, int rank, HttpTransport transport, Stats stats)
            throws IOException {
        long start = System.nanoTime();
        var http = HttpSource.open(url, transport, PROBE, false, stats);
        var probe = Duration.ofNanos(System.nanoTime() - start);
        try {
            if (http.size() != manifest.size()) {
                throw new SourceException(
                        http.name(),
                        0,
                        "another build: " + http.size() + " bytes where the manifest says " + manifest.size());
            }
            if (!http.info().rangeSupport()) {
                throw new SourceException(http.name(), 0, "the server does not support range requests");
            }
            Source source = manifest.pieces() == null ? http : new VerifyingSource(http, manifest.pieces());
            return new Mirror(source, url, priority, rank, probe);
        } catch (IOException e) {
            http.close();
            throw e;
        }
    }

    /** What names the image's content whatever mirror serves it: its hash, else its pieces' hashes. */
    private static String version(Metalink manifest) {
        if (manifest.sha256() != null) {
            return "sha-256:" + manifest.sha256();
        }
        if (manifest.pieces() == null) {
            return null;
        }
        var digest = Pieces.sha256();
        for (int i = 0; i < manifest.pieces().count(); i++) {
            digest.update(manifest.pieces().hash(i));
        }
        return "pieces:" + HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        if (!dst.hasRemaining()) {
            return;
        }
        var tried = new HashSet<Mirror>();
        IOException last = null;
        while (true) {
            var mirror = best(dst.remaining(), tried);
            if (mirror == null) {
                throw exhausted(offset, last);
            }
            tried.add(mirror);
            var hedge = hedgeable(mirror, dst.remaining(), tried);
            try {
                if (hedge == null) {
                    readOn(mirror, dst.slice(), offset);
                    dst.position(dst.limit());
                } else {
                    hedged(mirror, hedge, dst, offset, tried);
                }
                return;
            } catch (AttemptFailed e) {
                last = e.cause;
            }
        }
    }

    /** The usable mirror of least expected cost not tried yet, rested ones first; null if none. */
    private Mirror best(int length, Set<Mirror> tried) {
        long now = System.nanoTime();
        return mirrors.stream()
                .filter(m -> m.usable() && !tried.contains(m))
                .min(Comparator.<Mirror, Boolean>comparing(m -> m.resting(now))
                        .thenComparingDouble(m -> m.cost(length)))
                .orElse(null);
    }

    /** The mirror to hedge a read on {@code primary} with, when its delay is known and the budget allows. */
    private Mirror hedgeable(Mirror primary, int length, Set<Mirror> tried) {
        synchronized (this) {
            hedgeTokens = Math.min(HEDGE_BURST, hedgeTokens + HEDGE_SHARE);
        }
        if (primary.hedgeDelay(length) == null) {
            return null;
        }
        var second = best(length, tried);
        return second == null || second.resting(System.nanoTime()) ? null : second;
    }

    /**
     * Reads on {@code primary} into a buffer of its own; past the hedging delay (and within the
     * budget) on {@code second} too. The first good answer is copied out; the other runs on and is
     * counted as extra load.
     */
    private void hedged(Mirror primary, Mirror second, ByteBuffer dst, long offset, Set<Mirror> tried)
            throws AttemptFailed {
        int length = dst.remaining();
        var first = attempt(primary, ByteBuffer.allocate(length), offset);
        try {
            dst.put(first.get(primary.hedgeDelay(length).toNanos(), TimeUnit.NANOSECONDS));
            return;
        } catch (TimeoutException e) {
            if (!takeHedgeToken()) {
                dst.put(await(first));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed(new SourceException(name, offset, "interrupted"));
        } catch (ExecutionException e) {
            throw (AttemptFailed) e.getCause();
        }
        tried.add(second);
        stats.hedged();
        var backup = attempt(second, ByteBuffer.allocate(length), offset);
        var buffer = await(firstGood(first, backup));
        if (buffer == backup.getNow(null)) {
            stats.hedgeWon();
            first.thenAccept(loser -> stats.hedgeExtraBytes(length));
        } else {
            backup.thenAccept(loser -> stats.hedgeExtraBytes(length));
        }
        dst.put(buffer);
    }

    private synchronized boolean takeHedgeToken() {
        if (hedgeTokens < 1) {
            return false;
        }
        hedgeTokens--;
        return true;
    }

    /** Completes with the first of two attempts to succeed, or fails with the primary's failure once both failed. */
    private static CompletableFuture<ByteBuffer> firstGood(
            CompletableFuture<ByteBuffer> a, CompletableFuture<ByteBuffer> b) {
        var winner = new CompletableFuture<ByteBuffer>();
        var failed = new AtomicInteger();
        for (var attempt : List.of(a, b)) {
            attempt.whenComplete((buffer, error) -> {
                if (error == null) {
                    winner.complete(buffer);
                } else if (failed.incrementAndGet() == 2) {
                    winner.completeExceptionally(a.exceptionNow());
                }
            });
        }
        return winner;
    }

    /** {@link #readOn} on a virtual thread. */
    private CompletableFuture<ByteBuffer> attempt(Mirror mirror, ByteBuffer into, long offset) {
        var future = new CompletableFuture<ByteBuffer>();
        Thread.ofVirtual().name("mirror-read").start(() -> {
            try {
                readOn(mirror, into.duplicate(), offset);
                future.complete(into);
            } catch (AttemptFailed e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** One read on one mirror, with the mirror's bookkeeping. */
    private void readOn(Mirror mirror, ByteBuffer into, long offset) throws AttemptFailed {
        mirror.started();
        long start = System.nanoTime();
        int length = into.remaining();
        try {
            mirror.source.read(into, offset);
            mirror.succeeded(length, System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            failed(mirror, e);
            throw new AttemptFailed(e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static ByteBuffer await(CompletableFuture<ByteBuffer> future) throws AttemptFailed {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw (AttemptFailed) e.getCause();
        }
    }

    private void failed(Mirror mirror, Exception e) {
        if (e instanceof TransientSourceException) {
            mirror.failed(System.nanoTime(), e.getMessage());
            stats.switched();
            LOG.log(System.Logger.Level.INFO, mirror.uri + ": " + e.getMessage() + "; the read goes to another mirror");
        } else {
            boolean badPiece = e instanceof BadPieceException;
            var reason = badPiece
                    ? "bad piece: " + e.getMessage()
                    : e instanceof ImageChangedException ? "the image changed: " + e.getMessage() : e.getMessage();
            mirror.demote(reason, badPiece);
            stats.demoted(badPiece);
            LOG.log(System.Logger.Level.WARNING, mirror.uri + " demoted: " + reason);
        }
    }

    /** Every mirror was tried: transient while any may still recover, else for good. */
    private SourceException exhausted(long offset, IOException last) {
        if (mirrors.stream().anyMatch(Mirror::usable)) {
            return new TransientSourceException(
                    name, offset, "no mirror could serve the read; last: " + message(last), last);
        }
        if (last instanceof BadPieceException bad) {
            return new SourceException(
                    name, offset, "no mirror has good bytes for piece " + bad.piece() + "; last: " + bad.getMessage());
        }
        return new SourceException(name, offset, "every mirror is demoted; last: " + message(last), last);
    }

    private static String message(IOException e) {
        return e == null ? "none" : e.getMessage();
    }

    @Override
    public void prefetch(long offset, long length) {
        // hints go to the cache above; a mirror's own stack has nothing to prefetch into
    }

    /** Each mirror's state and counters, dropped ones last. */
    public List<MirrorReport> report() {
        var reports = new ArrayList<MirrorReport>();
        mirrors.forEach(m -> reports.add(m.report()));
        reports.addAll(dropped);
        return reports;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (var mirror : mirrors) {
            try {
                mirror.source.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A failed attempt, carrying the mirror's error; the read moves on to another mirror. */
    private static final class AttemptFailed extends Exception {
        final IOException cause;

        AttemptFailed(IOException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }
}
