package org.inetboot.profile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.inetboot.source.FilterSource;
import org.inetboot.source.Source;

/**
 * Replays a boot profile over the cache below it: fetches the profile's extents in the profile's
 * order, ahead of the boot's own reads, so that they come from the cache when the boot asks.
 *
 * <p>Demand first: the replay's fetches are {@link org.inetboot.source.Priority background} work,
 * which the transport sends on connections of their own, and only {@code parallel} of them are in
 * flight at once, so the boot's reads never queue behind the replay. Bounded: the replay runs at
 * most {@code ahead} bytes (in profile order) past the furthest point the boot has read, so what it fetched is still in the cache, whose budget must
 * be larger, when the boot gets there; that is where prefetched data lives and the only memory it
 * takes. Counters say what the replay was worth: profile bytes, chunks the boot found fetched or
 * being fetched, its read joining that fetch (hits), chunks it read before the replay got there
 * (misses), and chunks fetched that the boot never read.
 */
public final class ProfileReplay extends FilterSource {

    private static final System.Logger LOG = System.getLogger(ProfileReplay.class.getName());

    /** What the replay did, in chunks of the cache, and the profile's bytes. */
    public record Snapshot(long profileBytes, long prefetched, long hits, long misses, long neverRead) {}

    private final BootProfile profile;
    private final int chunkSize;
    private final long ahead;
    private final List<Piece> pieces;
    private final TreeMap<Long, Piece> byOffset = new TreeMap<>();
    private final BitSet inProfile = new BitSet();
    private final BitSet prefetched = new BitSet();
    private final BitSet started = new BitSet();
    private final BitSet demanded = new BitSet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private long hits;
    private long misses;
    private long demandPosition;
    private int next;

    /** A piece of an extent fetched with one read; its position is where it starts in profile order. */
    private record Piece(long offset, int length, long position) {}

    /**
     * @param inner     the cache: what the replay reads is kept there
     * @param chunkSize the cache's chunk, the unit of the counters
     * @param pieceSize the most one fetch of the replay asks for
     * @param parallel  fetches of the replay in flight at once
     * @param ahead     how far, in profile bytes, the replay may run ahead of the boot
     */
    public ProfileReplay(Source inner, BootProfile profile, int chunkSize, int pieceSize, int parallel, long ahead) {
        super(inner);
        this.profile = profile;
        this.chunkSize = chunkSize;
        this.ahead = ahead;
        this.pieces = pieces(profile, pieceSize);
        for (var piece : pieces) {
            byOffset.put(piece.offset(), piece);
            inProfile.set(chunk(piece.offset()), chunk(piece.offset() + piece.length() - 1) + 1);
        }
        for (int i = 0; i < parallel; i++) {
            workers.execute(this::replay);
        }
    }

    private static List<Piece> pieces(BootProfile profile, int pieceSize) {
        var pieces = new ArrayList<Piece>();
        long position = 0;
        for (var extent : profile.extents()) {
            for (long done = 0; done < extent.length(); done += pieceSize) {
                int length = (int) Math.min(pieceSize, extent.length() - done);
                pieces.add(new Piece(extent.offset() + done, length, position + done));
            }
            position += extent.length();
        }
        return List.copyOf(pieces);
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        if (dst.hasRemaining()) {
            demand(offset, offset + dst.remaining());
        }
        inner.read(dst, offset);
    }

    /** Counts the boot's read and moves the point the replay runs ahead of. */
    private synchronized void demand(long from, long to) {
        for (int chunk = chunk(from); chunk <= chunk(to - 1); chunk++) {
            if (inProfile.get(chunk) && !demanded.get(chunk)) {
                if (started.get(chunk)) {
                    hits++;
                } else {
                    misses++;
                }
            }
            demanded.set(chunk);
        }
        Map.Entry<Long, Piece> piece = byOffset.floorEntry(from);
        if (piece != null && from < piece.getKey() + piece.getValue().length()) {
            long position = piece.getValue().position() + (from - piece.getKey());
            if (position > demandPosition) {
                demandPosition = position;
                notifyAll();
            }
        }
    }

    /** A worker: takes the next piece when the budget allows, fetches it into the cache, and so on. */
    private void replay() {
        var buffer = ByteBuffer.allocate(
                pieces.stream().mapToInt(Piece::length).max().orElse(0));
        try {
            for (var piece = take(); piece != null; piece = take()) {
                try {
                    inner.prefetch(piece.offset(), piece.length()); // fetched as background work
                    inner.read(buffer.clear().limit(piece.length()), piece.offset()); // joins that fetch
                    fetched(piece);
                } catch (IOException e) {
                    // the boot's own read of these bytes will try again, with its retries
                    LOG.log(Level.DEBUG, "replay of " + piece + " failed: " + e.getMessage());
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next piece that the boot has not read yet, once it lies within the budget; null at the end. */
    private synchronized Piece take() throws InterruptedException {
        while (next < pieces.size()) {
            var piece = pieces.get(next);
            if (demanded.nextClearBit(chunk(piece.offset())) > chunk(piece.offset() + piece.length() - 1)) {
                next++; // the boot got there first
            } else if (piece.position() - demandPosition < ahead) {
                next++;
                started.set(chunk(piece.offset()), chunk(piece.offset() + piece.length() - 1) + 1);
                return piece;
            } else {
                wait();
            }
        }
        return null;
    }

    private synchronized void fetched(Piece piece) {
        prefetched.set(chunk(piece.offset()), chunk(piece.offset() + piece.length() - 1) + 1);
    }

    public synchronized Snapshot snapshot() {
        var neverRead = (BitSet) prefetched.clone();
        neverRead.andNot(demanded);
        return new Snapshot(profile.bytes(), prefetched.cardinality(), hits, misses, neverRead.cardinality());
    }

    private int chunk(long offset) {
        return (int) (offset / chunkSize);
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        super.close();
    }
}
