package org.inetboot.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generic netlink's messages in memory, and this machine's kernel answering the controller; the
 * nbd family itself is proven in a VM (MediumIT, SessionIT).
 */
class GenericNetlinkTest {

    private static final int FAMILY = 0x21;

    @Test
    void aRequestAsksForAnAcknowledgementAndPadsItsAttributes() {
        var attributes = new NetlinkAttributes()
                .u32(1, 7)
                .string(2, "nbd")
                .nested(7, new NetlinkAttributes().nested(1, new NetlinkAttributes().u32(1, 5)));
        var message = ByteBuffer.wrap(GenericNetlink.message(FAMILY, 1, 1, 42, attributes))
                .order(ByteOrder.nativeOrder());
        assertThat(message.getInt(0)).isEqualTo(message.capacity()).isEqualTo(20 + 8 + 8 + 16);
        assertThat(message.getShort(4)).isEqualTo((short) FAMILY);
        assertThat(message.getShort(6)).isEqualTo((short) (1 | 4)); // NLM_F_REQUEST | NLM_F_ACK
        assertThat(message.getInt(8)).isEqualTo(42);
        assertThat(message.get(16)).isEqualTo((byte) 1);
        assertThat(message.getShort(20 + 8)).isEqualTo((short) 8); // "nbd\0": 4 bytes after the header
        assertThat(message.getShort(20 + 16 + 2)).isEqualTo((short) (7 | 0x8000)); // NLA_F_NESTED

        var parsed = parse(message.slice(20, message.capacity() - 20));
        assertThat(parsed.get(1).getInt(0)).isEqualTo(7);
        var item = parse(parse(parsed.get(7)).get(1));
        assertThat(item.get(1).getInt(0)).isEqualTo(5);
    }

    @Test
    void repliesAreCollectedUntilTheAcknowledgement() throws Exception {
        var replies = new ArrayList<Map<Integer, ByteBuffer>>();
        var datagram = concat(
                reply(FAMILY, 9, new NetlinkAttributes().u32(1, 3)),
                reply(FAMILY, 8, new NetlinkAttributes().u32(1, 99)), // another request's
                error(9, 0));
        assertThat(GenericNetlink.answer(datagram, 9, FAMILY, replies, "test")).isTrue();
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().get(1).getInt(0)).isEqualTo(3);
        assertThat(GenericNetlink.answer(reply(FAMILY, 9, new NetlinkAttributes()), 9, FAMILY, replies, "test"))
                .isFalse();
    }

    @Test
    void theKernelsErrorAndABrokenAnswerAreOneLine() {
        assertThatThrownBy(() -> GenericNetlink.answer(error(3, -16), 3, FAMILY, new ArrayList<>(), "NBD connect x"))
                .isInstanceOf(ErrnoException.class)
                .hasMessage("NBD connect x: Device or resource busy (errno 16)");
        var truncated = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(0, 64);
        assertThatThrownBy(() -> GenericNetlink.answer(truncated, 3, FAMILY, new ArrayList<>(), "NBD connect x"))
                .hasMessage("NBD connect x: netlink message at offset 0 of length 64 where 20 bytes are left");
        var attribute = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putShort(0, (short) 12);
        assertThatThrownBy(() -> NetlinkAttributes.parse(attribute))
                .hasMessage("netlink attribute at offset 0: length 12 where 8 bytes are left");
    }

    @Test
    void theKernelNamesItsFamilies() throws Exception {
        try (var netlink = GenericNetlink.open()) {
            assertThat(netlink.family("nlctrl")).isEqualTo(0x10);
            assertThatThrownBy(() -> netlink.family("inetboot-none"))
                    .hasMessage("generic netlink family inetboot-none: not registered (is its module loaded?)");
        }
    }

    @Test
    void onlyAnNbdDeviceIsAttached() {
        assertThatThrownBy(() -> NbdDevice.attach(Path.of("/dev/null"), Path.of("/none"), 4096, Duration.ofMinutes(1)))
                .hasMessage("/dev/null: not an NBD device (/dev/nbdN)");
        assertThatThrownBy(() -> NbdDevice.attach(Path.of("/dev/nbd0"), Path.of("/none"), 4097, Duration.ofMinutes(1)))
                .hasMessage("/dev/nbd0: the image's size 4097 is not a multiple of 512 bytes");
    }

    private static Map<Integer, ByteBuffer> parse(ByteBuffer attributes) {
        try {
            return NetlinkAttributes.parse(attributes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ByteBuffer reply(int family, int sequence, NetlinkAttributes attributes) {
        return ByteBuffer.wrap(GenericNetlink.message(family, 1, 1, sequence, attributes));
    }

    /** struct nlmsgerr: the error, then the request's header. */
    private static ByteBuffer error(int sequence, int error) {
        return ByteBuffer.allocate(36)
                .order(ByteOrder.nativeOrder())
                .putInt(36)
                .putShort((short) 2)
                .putShort((short) 0)
                .putInt(sequence)
                .putInt(0)
                .putInt(error)
                .clear(); // the request's header stays zeros
    }

    private static ByteBuffer concat(ByteBuffer... messages) {
        var all = ByteBuffer.allocate(List.of(messages).stream()
                .mapToInt(m -> NetlinkAttributes.align(m.remaining()))
                .sum());
        for (var message : messages) {
            all.put(message.duplicate());
            all.position(NetlinkAttributes.align(all.position()));
        }
        return all.flip();
    }
}
