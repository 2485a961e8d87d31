package org.inetboot.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.inetboot.metalink.Metalink;
import org.inetboot.metalink.Pieces;
import org.inetboot.profile.BootProfile;

/**
 * What a Metalink's piece size costs a lazy boot: every read must fetch (and hash) the whole pieces
 * it touches, so larger pieces fetch more of the image, while smaller ones make the manifest, which
 * comes first, larger. Computed from a recorded boot profile (the reads of a real boot) and the
 * manifest written for the image's size; the SHA-256 rate is measured here. Prints Markdown.
 */
public final class PieceSizeBenchmark {

    private static final int KIB = 1024;
    private static final List<Integer> SIZES =
            List.of(64 * KIB, 128 * KIB, 256 * KIB, 512 * KIB, 1024 * KIB, 2048 * KIB);

    public static void main(String[] args) throws Exception {
        var profilePath =
                Path.of(Args.text(args, "--profile").orElseThrow(() -> new IllegalArgumentException("--profile FILE")));
        var profile = BootProfile.parse(Files.readString(profilePath), profilePath.toString());
        long size = profile.size();
        double hashRate = sha256BytesPerSecond();
        System.out.printf(
                "Boot profile %s: %d extents, %.1f MiB read by the boot, image %.1f MiB; SHA-256 here %.0f MB/s%n%n",
                profilePath, profile.extents().size(), profile.bytes() / 1048576.0, size / 1048576.0, hashRate / 1e6);
        System.out.println(
                "| piece size | manifest | fetched by the boot | vs 64 KiB | time at 20 Mbit (manifest + fetched) | hashing |");
        System.out.println("|---|---|---|---|---|---|");
        long base = 0;
        for (int piece : SIZES) {
            long manifest = manifestBytes(size, piece);
            long fetched = fetched(profile, piece);
            if (base == 0) {
                base = fetched;
            }
            System.out.printf(
                    "| %d KiB | %.0f KiB | %.1f MiB | %.2f | %.1f s | %.2f s |%n",
                    piece / KIB,
                    manifest / 1024.0,
                    fetched / 1048576.0,
                    (double) fetched / base,
                    (manifest + fetched) * 8 / 20e6,
                    fetched / hashRate);
        }
    }

    /** The bytes of the pieces the profile's reads touch, each fetched once. */
    static long fetched(BootProfile profile, int piece) {
        var pieces = new TreeSet<Long>();
        for (var extent : profile.extents()) {
            for (long p = extent.offset() / piece; p * piece < extent.offset() + extent.length(); p++) {
                pieces.add(p);
            }
        }
        long last = (profile.size() - 1) / piece;
        long tail = profile.size() - last * piece;
        return pieces.stream().mapToLong(p -> p == last ? tail : piece).sum();
    }

    /** The size of the manifest InetBoot writes for an image of {@code size} bytes in pieces of {@code piece}. */
    static long manifestBytes(long size, int piece) {
        var hashes = new byte[Math.toIntExact(Pieces.count(size, piece) * 32)];
        var manifest = new Metalink(
                "debian-live.iso",
                size,
                "0".repeat(64),
                Pieces.of(size, piece, hashes),
                List.of(new Metalink.Mirror(
                        java.net.URI.create("https://mirror.example.org/debian-cd/debian-live.iso"), 1, null)));
        return manifest.toXml().length();
    }

    private static double sha256BytesPerSecond() {
        var data = ByteBuffer.allocate(64 << 20);
        var digest = Pieces.sha256();
        digest.update(data.duplicate()); // warm up
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            digest.update(data.duplicate());
        }
        return 4.0 * data.capacity() / ((System.nanoTime() - start) / 1e9);
    }
}
