package org.inetboot.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM bindings on this machine; the NBD ioctls themselves are proven in a VM (media module). */
class SyscallsTest {

    @TempDir
    Path dir;

    @Test
    void errorsNameTheCallTheObjectAndErrno() {
        assertThatThrownBy(() -> Syscalls.open(Path.of("/no/such/device"), Syscalls.O_RDONLY))
                .hasMessage("open /no/such/device: No such file or directory (errno 2)");
    }

    @Test
    void aUnixSocketConnectsToAJavaListener() throws IOException {
        var path = dir.resolve("s.sock");
        try (var listener =
                ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path))) {
            int fd = Syscalls.connectUnix(path);
            try (var accepted = listener.accept()) {
                Syscalls.close(fd);
                assertThat(accepted.read(ByteBuffer.allocate(1))).isEqualTo(-1);
            }
        }
        assertThatThrownBy(() -> Syscalls.connectUnix(dir.resolve("missing.sock")))
                .hasMessageStartingWith("connect to " + dir.resolve("missing.sock") + ": No such file or directory");
    }
}
