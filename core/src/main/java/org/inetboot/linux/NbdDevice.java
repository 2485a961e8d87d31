package org.inetboot.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The kernel's NBD client on /dev/nbdN, driven in-process by ioctls (no nbd-client): block size,
 * size, flags and timeout are set, a connected socket is handed over, and NBD_DO_IT runs on a
 * dedicated platform thread for as long as the device lives (a native call would pin a virtual
 * thread). The socket leads to our own NBD server, past its handshake.
 */
public final class NbdDevice implements AutoCloseable {

    private static final long SET_SOCK = 0xAB00;
    private static final long SET_BLKSIZE = 0xAB01;
    private static final long SET_SIZE = 0xAB02;
    private static final long DO_IT = 0xAB03;
    private static final long CLEAR_SOCK = 0xAB04;
    private static final long CLEAR_QUE = 0xAB05;
    private static final long DISCONNECT = 0xAB08;
    private static final long SET_TIMEOUT = 0xAB09;
    private static final long SET_FLAGS = 0xAB0A;
    private static final long FLAGS = 1 /* HAS_FLAGS */ | 2 /* READ_ONLY */ | 256 /* CAN_MULTI_CONN */;
    private static final int BLOCK = 512;

    private final Path device;
    private final int fd;
    private final Thread worker;
    private volatile IOException failure;

    private NbdDevice(Path device, int fd, int socket) {
        this.device = device;
        this.fd = fd;
        this.worker = Thread.ofPlatform().name("NBD_DO_IT " + device).daemon().start(() -> doIt(socket));
    }

    /**
     * Attaches {@code device} to the NBD server listening for the kernel at {@code socket}, for
     * an export of {@code size} bytes; requests the kernel cannot get answered within
     * {@code timeout} fail, so make it longer than the server's retries.
     */
    public static NbdDevice attach(Path device, Path socket, long size, Duration timeout) throws IOException {
        if (size % BLOCK != 0) {
            throw new IOException(device + ": the image's size " + size + " is not a multiple of " + BLOCK + " bytes");
        }
        int fd = Syscalls.open(device, Syscalls.O_RDWR | Syscalls.O_CLOEXEC);
        try {
            Syscalls.ioctl(fd, SET_BLKSIZE, BLOCK, "NBD_SET_BLKSIZE on " + device);
            Syscalls.ioctl(fd, SET_SIZE, size, "NBD_SET_SIZE on " + device);
            Syscalls.ioctl(fd, SET_TIMEOUT, Math.max(1, timeout.toSeconds()), "NBD_SET_TIMEOUT on " + device);
            Syscalls.ioctl(fd, SET_FLAGS, FLAGS, "NBD_SET_FLAGS on " + device);
            int connection = Syscalls.connectUnix(socket);
            Syscalls.ioctl(fd, SET_SOCK, connection, "NBD_SET_SOCK on " + device);
            return new NbdDevice(device, fd, connection);
        } catch (IOException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /**
     * NBD_DO_IT waits interruptibly: a signal that lands on this thread ends it and the driver shuts
     * the device's sockets down. So this thread blocks the process's signals (SIGTERM and the like
     * go to the JVM's other threads). SIGSTOP cannot be blocked: systemd-shutdown's kill(-1, SIGSTOP)
     * before its SIGTERM round still ends NBD_DO_IT (seen: "block nbd0: shutting down sockets" right
     * after "Sending SIGTERM to remaining processes", though the daemon, spared by its @, got no
     * SIGTERM). Attaching through the nbd netlink interface, with no waiting thread, is the cure.
     */
    private void doIt(int socket) {
        try {
            Syscalls.blockProcessSignals();
            Syscalls.ioctl(fd, DO_IT, 0, "NBD_DO_IT on " + device);
        } catch (IOException e) {
            failure = e;
        } finally {
            try {
                Syscalls.ioctl(fd, CLEAR_QUE, 0, "NBD_CLEAR_QUE");
                Syscalls.ioctl(fd, CLEAR_SOCK, 0, "NBD_CLEAR_SOCK");
                Syscalls.close(socket);
            } catch (IOException ignored) {
                // the device is going away anyway
            }
        }
    }

    /** Waits until the device is disconnected; an error NBD_DO_IT ended with is thrown. */
    public void await() throws IOException, InterruptedException {
        worker.join();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Syscalls.ioctl(fd, DISCONNECT, 0, "NBD_DISCONNECT on " + device);
            worker.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Syscalls.close(fd);
        }
    }
}
