package org.inetboot.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM bindings on this machine; the NBD ioctls themselves are proven in a VM (media module). */
class SyscallsTest {

    @TempDir
    Path dir;

    @Test
    void errorsNameTheCallTheObjectAndErrno() {
        assertThatThrownBy(() -> Syscalls.open(Path.of("/no/such/device"), Syscalls.O_RDWR))
                .hasMessage("open /no/such/device: No such file or directory (errno 2)");
    }

    @Test
    void ioctlIsCalledWithItsVariadicArgument() throws IOException {
        int fd = Syscalls.open(Path.of("/dev/null"), Syscalls.O_RDWR);
        try {
            assertThatThrownBy(() -> Syscalls.ioctl(fd, 0xAB01, 512, "NBD_SET_BLKSIZE on /dev/null"))
                    .hasMessage("NBD_SET_BLKSIZE on /dev/null: Inappropriate ioctl for device (errno 25)");
        } finally {
            Syscalls.close(fd);
        }
        assertThatThrownBy(
                        () -> NbdDevice.attach(Path.of("/dev/null"), dir.resolve("none"), 4096, Duration.ofMinutes(1)))
                .hasMessage("NBD_SET_BLKSIZE on /dev/null: Inappropriate ioctl for device (errno 25)");
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
