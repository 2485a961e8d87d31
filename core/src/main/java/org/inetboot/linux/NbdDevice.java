package org.inetboot.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The kernel's NBD client on /dev/nbdN, configured through the nbd generic netlink family (no
 * nbd-client): the kernel takes a connected socket with the export's size, block size, flags and
 * timeout, and its own workers use it from then on. No thread of ours waits in the kernel, as the
 * older NBD_DO_IT ioctl makes one wait for the device's lifetime: that wait ends at the first
 * signal, and the driver then shuts the device's sockets down. Blocking signals on that thread was
 * not enough: systemd-shutdown's kill(-1, SIGSTOP), which no mask blocks, still ended it on
 * Debian Live's poweroff. The socket leads to our own NBD server, past its handshake.
 */
public final class NbdDevice implements AutoCloseable {

    private static final int VERSION = 1;
    private static final int CMD_CONNECT = 1;
    private static final int CMD_DISCONNECT = 2;
    private static final int ATTR_INDEX = 1;
    private static final int ATTR_SIZE_BYTES = 2;
    private static final int ATTR_BLOCK_SIZE_BYTES = 3;
    private static final int ATTR_TIMEOUT = 4;
    private static final int ATTR_SERVER_FLAGS = 5;
    private static final int ATTR_SOCKETS = 7;
    private static final int SOCK_ITEM = 1;
    private static final int SOCK_FD = 1;
    private static final long FLAGS = 1 /* HAS_FLAGS */ | 2 /* READ_ONLY */ | 256 /* CAN_MULTI_CONN */;
    private static final int BLOCK = 512;
    private static final Pattern NAME = Pattern.compile("nbd(\\d{1,5})");

    private final Path device;
    private final int index;
    private boolean closed;

    private NbdDevice(Path device, int index) {
        this.device = device;
        this.index = index;
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
        int index = index(device);
        try (var netlink = GenericNetlink.open()) {
            int family = netlink.family("nbd");
            int connection = Syscalls.connectUnix(socket);
            try {
                var sockets =
                        new NetlinkAttributes().nested(SOCK_ITEM, new NetlinkAttributes().u32(SOCK_FD, connection));
                netlink.request(
                        family,
                        CMD_CONNECT,
                        VERSION,
                        new NetlinkAttributes()
                                .u32(ATTR_INDEX, index)
                                .u64(ATTR_SIZE_BYTES, size)
                                .u64(ATTR_BLOCK_SIZE_BYTES, BLOCK)
                                .u64(ATTR_TIMEOUT, Math.max(1, timeout.toSeconds()))
                                .u64(ATTR_SERVER_FLAGS, FLAGS)
                                .nested(ATTR_SOCKETS, sockets),
                        "NBD connect " + device);
            } finally {
                Syscalls.close(connection); // the kernel holds the socket now
            }
        }
        return new NbdDevice(device, index);
    }

    /** N of /dev/nbdN. */
    static int index(Path device) throws IOException {
        var name = NAME.matcher(String.valueOf(device.getFileName()));
        if (!name.matches()) {
            throw new IOException(device + ": not an NBD device (/dev/nbdN)");
        }
        return Integer.parseInt(name.group(1));
    }

    /** Disconnects the device, once: the kernel fails what is queued and closes its socket. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (var netlink = GenericNetlink.open()) {
            netlink.request(
                    netlink.family("nbd"),
                    CMD_DISCONNECT,
                    VERSION,
                    new NetlinkAttributes().u32(ATTR_INDEX, index),
                    "NBD disconnect " + device);
        }
    }
}
