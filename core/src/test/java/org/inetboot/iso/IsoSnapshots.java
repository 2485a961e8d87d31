package org.inetboot.iso;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.inetboot.source.FileSource;
import org.inetboot.source.Source;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.IsoFixtures.Node;

/** Our reading of an image, in the form the fixtures give other readers' extractions. */
final class IsoSnapshots {

    private IsoSnapshots() {}

    static IsoImage open(Path iso) throws IOException {
        return IsoImage.open(FileSource.open(iso, new Stats()));
    }

    static Map<String, Node> snapshot(IsoImage iso) throws IOException {
        var nodes = new TreeMap<String, Node>();
        iso.walk(iso.root(), entry -> {
            if (entry != iso.root()) {
                nodes.put(entry.path(), node(iso, entry));
            }
        });
        return nodes;
    }

    private static Node node(IsoImage iso, IsoEntry entry) throws IOException {
        var type = entry.type().name().toLowerCase(Locale.ROOT);
        return switch (entry.type()) {
            case FILE -> new Node(type, entry.size(), null, IsoFixtures.sha256(stream(iso.open(entry))));
            case SYMLINK -> new Node(type, 0, entry.target(), null);
            default -> new Node(type, 0, null, null);
        };
    }

    /** A source as a stream, read in 1 MiB pieces. */
    static InputStream stream(Source source) {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                var one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = (int) Math.min(len, source.size() - position);
                if (n <= 0) {
                    return -1;
                }
                source.read(ByteBuffer.wrap(b, off, n), position);
                position += n;
                return n;
            }
        };
    }
}
