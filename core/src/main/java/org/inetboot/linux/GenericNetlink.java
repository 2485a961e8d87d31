package org.inetboot.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generic netlink socket (NETLINK_GENERIC): a family's id by its name, and requests with their
 * replies. The kernel handles a generic netlink request inside send(2), so its replies and its
 * acknowledgement are queued when send returns: nothing here waits.
 */
final class GenericNetlink implements AutoCloseable {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int NETLINK_GENERIC = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_ACK = 4;
    private static final int GENL_ID_CTRL = 0x10;
    private static final int CTRL_CMD_GETFAMILY = 3;
    private static final int CTRL_ATTR_FAMILY_ID = 1;
    private static final int CTRL_ATTR_FAMILY_NAME = 2;
    private static final int EAGAIN = 11;
    private static final int ENOENT = 2;
    /** struct nlmsghdr (length, type, flags, sequence, port), then struct genlmsghdr (command, version). */
    private static final int NLMSG_HEADER = 16;

    private static final int HEADERS = NLMSG_HEADER + 4;
    private static final int DATAGRAM = 64 << 10;

    private final int fd;
    private int sequence;

    private GenericNetlink(int fd) {
        this.fd = fd;
    }

    static GenericNetlink open() throws IOException {
        return new GenericNetlink(Syscalls.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC, "generic netlink socket"));
    }

    /** The id of the family {@code name}, registered by the kernel or the module that implements it. */
    int family(String name) throws IOException {
        var what = "generic netlink family " + name;
        List<Map<Integer, ByteBuffer>> replies;
        try {
            replies = request(
                    GENL_ID_CTRL,
                    CTRL_CMD_GETFAMILY,
                    1,
                    new NetlinkAttributes().string(CTRL_ATTR_FAMILY_NAME, name),
                    what);
        } catch (ErrnoException e) {
            throw e.errno() == ENOENT ? new IOException(what + ": not registered (is its module loaded?)") : e;
        }
        var id = replies.isEmpty() ? null : replies.getFirst().get(CTRL_ATTR_FAMILY_ID);
        if (id == null || id.remaining() < 2) {
            throw new IOException(what + ": the kernel's answer has no id");
        }
        return Short.toUnsignedInt(id.getShort(0));
    }

    /** Sends a request; returns the attributes of its replies once the kernel acknowledged it, or throws its error. */
    List<Map<Integer, ByteBuffer>> request(
            int family, int command, int version, NetlinkAttributes attributes, String what) throws IOException {
        int request = ++sequence;
        Syscalls.send(fd, message(family, command, version, request, attributes), what);
        var replies = new ArrayList<Map<Integer, ByteBuffer>>();
        while (true) {
            byte[] datagram;
            try {
                datagram = Syscalls.receiveNow(fd, DATAGRAM, what);
            } catch (ErrnoException e) {
                throw e.errno() == EAGAIN ? new IOException(what + ": the kernel did not acknowledge the request") : e;
            }
            if (answer(ByteBuffer.wrap(datagram), request, family, replies, what)) {
                return replies;
            }
        }
    }

    /** A request: headers asking for an acknowledgement, then the attributes. */
    static byte[] message(int family, int command, int version, int sequence, NetlinkAttributes attributes) {
        var body = attributes.bytes();
        return ByteBuffer.allocate(HEADERS + body.length)
                .order(ByteOrder.nativeOrder())
                .putInt(HEADERS + body.length)
                .putShort((short) family)
                .putShort((short) (NLM_F_REQUEST | NLM_F_ACK))
                .putInt(sequence)
                .putInt(0) // the kernel's port
                .put((byte) command)
                .put((byte) version)
                .putShort((short) 0)
                .put(body)
                .array();
    }

    /**
     * Reads the messages of one datagram: replies of {@code family} to request {@code sequence} go
     * to {@code replies}; true once the kernel acknowledged it; its error is thrown.
     */
    static boolean answer(
            ByteBuffer datagram, int sequence, int family, List<Map<Integer, ByteBuffer>> replies, String what)
            throws IOException {
        var messages = datagram.slice().order(ByteOrder.nativeOrder());
        while (messages.remaining() >= NLMSG_HEADER) {
            int start = messages.position();
            int length = messages.getInt(start);
            int type = Short.toUnsignedInt(messages.getShort(start + 4));
            if (length < NLMSG_HEADER || length > messages.remaining()) {
                throw new IOException(what + ": netlink message at offset " + start + " of length " + length + " where "
                        + messages.remaining() + " bytes are left");
            }
            if (messages.getInt(start + 8) == sequence) {
                if (type == NLMSG_ERROR) {
                    int error = length >= NLMSG_HEADER + 4 ? messages.getInt(start + NLMSG_HEADER) : 0;
                    if (error < 0) {
                        throw Syscalls.error(-error, what);
                    }
                    return true;
                }
                if (type == NLMSG_DONE) {
                    return true;
                }
                if (type == family && length >= HEADERS) {
                    replies.add(NetlinkAttributes.parse(messages.slice(start + HEADERS, length - HEADERS)));
                }
            }
            messages.position(Math.min(messages.limit(), start + NetlinkAttributes.align(length)));
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        Syscalls.close(fd);
    }
}
