package org.inetboot.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Netlink attributes (struct nlattr: a 16-bit length and type, then the value padded to 4 bytes),
 * in the host's byte order: built for a request, read from an answer.
 */
final class NetlinkAttributes {

    private static final int HEADER = 4;
    private static final int NESTED = 0x8000; // NLA_F_NESTED
    private static final int TYPE_MASK = 0x3fff; // without NLA_F_NESTED and NLA_F_NET_BYTEORDER

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    NetlinkAttributes u32(int type, int value) {
        return add(type, buffer(4).putInt(value).array());
    }

    NetlinkAttributes u64(int type, long value) {
        return add(type, buffer(8).putLong(value).array());
    }

    /** A NUL-terminated string, as the kernel's NLA_NUL_STRING and NLA_STRING policies take it. */
    NetlinkAttributes string(int type, String value) {
        var text = value.getBytes(StandardCharsets.UTF_8);
        return add(type, java.util.Arrays.copyOf(text, text.length + 1));
    }

    NetlinkAttributes nested(int type, NetlinkAttributes inner) {
        return add(type | NESTED, inner.bytes());
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    private NetlinkAttributes add(int type, byte[] value) {
        int length = HEADER + value.length;
        bytes.writeBytes(
                buffer(HEADER).putShort((short) length).putShort((short) type).array());
        bytes.writeBytes(value);
        bytes.writeBytes(new byte[align(length) - length]);
        return this;
    }

    /** The attributes in {@code data}, by type (nesting and byte-order flags cleared), each value a slice. */
    static Map<Integer, ByteBuffer> parse(ByteBuffer data) throws IOException {
        var attributes = new HashMap<Integer, ByteBuffer>();
        var rest = data.slice().order(ByteOrder.nativeOrder());
        while (rest.remaining() >= HEADER) {
            int start = rest.position();
            int length = Short.toUnsignedInt(rest.getShort());
            int type = Short.toUnsignedInt(rest.getShort()) & TYPE_MASK;
            if (length < HEADER || length > rest.remaining() + HEADER) {
                throw new IOException("netlink attribute at offset " + start + ": length " + length + " where "
                        + (rest.remaining() + HEADER) + " bytes are left");
            }
            attributes.put(type, rest.slice(rest.position(), length - HEADER).order(ByteOrder.nativeOrder()));
            rest.position(Math.min(rest.limit(), start + align(length)));
        }
        return attributes;
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }
}
