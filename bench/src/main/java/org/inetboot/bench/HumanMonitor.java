package org.inetboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** qemu's human monitor on a Unix socket ({@code -monitor unix:PATH,server=on,wait=off}): what the VM's disks read. */
final class HumanMonitor {

    private static final Pattern READ = Pattern.compile("rd_bytes=(\\d+)");
    private static final String PROMPT = "(qemu) ";

    private HumanMonitor() {}

    /** Bytes read from all block devices so far ({@code info blockstats}). */
    static long bytesRead(Path socket) {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            readToPrompt(channel);
            channel.write(ByteBuffer.wrap("info blockstats\n".getBytes(StandardCharsets.US_ASCII)));
            var matcher = READ.matcher(readToPrompt(channel));
            long total = 0;
            while (matcher.find()) {
                total += Long.parseLong(matcher.group(1));
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("qemu's monitor at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static String readToPrompt(SocketChannel channel) throws IOException {
        var text = new StringBuilder();
        var buffer = ByteBuffer.allocate(4096);
        while (!text.toString().endsWith(PROMPT)) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new IOException("the monitor closed before its prompt");
            }
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
