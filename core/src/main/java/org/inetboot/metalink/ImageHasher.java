package org.inetboot.metalink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** Describes a local image as a manifest: one sequential read hashes the whole image and each piece. */
public final class ImageHasher {

    private ImageHasher() {}

    public static Metalink describe(Path image, String fileName, int pieceLength, List<Metalink.Mirror> urls)
            throws IOException {
        try (var channel = FileChannel.open(image)) {
            long size = channel.size();
            if (size == 0) {
                throw new IOException(image + ": an empty file is no image");
            }
            long count = Pieces.count(size, pieceLength);
            if (count * 32 > Integer.MAX_VALUE - 8) {
                throw new IOException(image + ": " + count + " pieces of " + pieceLength + " bytes are too many");
            }
            var whole = Pieces.sha256();
            var piece = Pieces.sha256();
            var hashes = new byte[(int) count * 32];
            var buffer = ByteBuffer.allocate(Math.max(pieceLength, 1 << 20) / pieceLength * pieceLength);
            long offset = 0;
            while (offset < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - offset));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(image + " at offset " + (offset + buffer.position())
                                + ": the file shrank while it was read");
                    }
                }
                buffer.flip();
                whole.update(buffer.duplicate());
                for (int at = 0; at < buffer.limit(); at += pieceLength) {
                    piece.update(buffer.slice(at, Math.min(pieceLength, buffer.limit() - at)));
                    int index = (int) ((offset + at) / pieceLength);
                    System.arraycopy(piece.digest(), 0, hashes, index * 32, 32);
                }
                offset += buffer.limit();
            }
            return new Metalink(
                    fileName,
                    size,
                    HexFormat.of().formatHex(whole.digest()),
                    Pieces.of(size, pieceLength, hashes),
                    urls);
        }
    }
}
