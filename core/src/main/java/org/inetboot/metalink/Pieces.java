package org.inetboot.metalink;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 of each consecutive {@code length}-byte piece of an image, from offset 0; the last
 * piece is shorter when the size is no multiple of the length.
 */
public final class Pieces {

    /** The smallest and largest piece lengths accepted: beyond them a manifest is absurd or a hash covers too much. */
    public static final int MIN_LENGTH = 1024;

    public static final int MAX_LENGTH = 64 << 20;

    private static final int HASH = 32;

    private final long imageSize;
    private final int length;
    private final byte[] hashes;

    private Pieces(long imageSize, int length, byte[] hashes) {
        this.imageSize = imageSize;
        this.length = length;
        this.hashes = hashes;
    }

    /** Pieces of {@code length} bytes of an image of {@code imageSize}; {@code hashes} holds their 32-byte digests in order. */
    public static Pieces of(long imageSize, int length, byte[] hashes) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "piece length " + length + " lies outside " + MIN_LENGTH + "-" + MAX_LENGTH + " bytes");
        }
        if (hashes.length != count(imageSize, length) * HASH) {
            throw new IllegalArgumentException(hashes.length / HASH + " hashes for the " + count(imageSize, length)
                    + " pieces of " + length + " bytes in " + imageSize + " bytes");
        }
        return new Pieces(imageSize, length, hashes.clone());
    }

    /** How many pieces of {@code length} bytes an image of {@code imageSize} has. */
    public static long count(long imageSize, long length) {
        return (imageSize + length - 1) / length;
    }

    public int length() {
        return length;
    }

    public int count() {
        return hashes.length / HASH;
    }

    /** Where piece {@code index} starts in the image. */
    public long offset(int index) {
        return (long) index * length;
    }

    /** The size of piece {@code index}: {@link #length()}, or less for the last one. */
    public int size(int index) {
        return (int) Math.min(length, imageSize - offset(index));
    }

    /** Whether {@code data} (position to limit, consumed) is piece {@code index}, whole. */
    public boolean matches(int index, ByteBuffer data) {
        if (data.remaining() != size(index)) {
            return false;
        }
        var digest = sha256();
        digest.update(data);
        return MessageDigest.isEqual(digest.digest(), hash(index));
    }

    public byte[] hash(int index) {
        return Arrays.copyOfRange(hashes, index * HASH, (index + 1) * HASH);
    }

    public String hex(int index) {
        return HexFormat.of().formatHex(hashes, index * HASH, (index + 1) * HASH);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
