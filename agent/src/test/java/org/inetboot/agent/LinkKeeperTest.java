package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkKeeperTest {

    private static final LinkKeeper.Wanted WANTED = new LinkKeeper.Wanted("ens3", "10.0.2.15/24", "10.0.2.2");

    /** busybox ip's output, as stage 2 runs it. */
    private static final String ADDRESSES = """
            2: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast qlen 1000
                link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
                inet 10.0.2.15/24 scope global ens3
                   valid_lft forever preferred_lft forever
            """;

    private static final String ROUTES = """
            default via 10.0.2.2 dev ens3
            10.0.2.0/24 dev ens3 scope link  src 10.0.2.15
            """;

    @Test
    void aCardWithAllItNeedsIsLeftAlone() {
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, ROUTES)).isEmpty();
        assertThat(LinkKeeper.gateway(ROUTES)).hasValue("10.0.2.2");
    }

    /** After ip link set down and up, and dhclient -r: the link, then the address, then the route. */
    @Test
    void whatWasTakenAwayIsPutBackInOrder() {
        var flushed = "2: ens3: <BROADCAST,MULTICAST> mtu 1500 qdisc pfifo_fast state DOWN qlen 1000\n";
        assertThat(LinkKeeper.repairs(WANTED, false, flushed, ""))
                .containsExactly(
                        List.of("ip", "link", "set", "ens3", "up"),
                        List.of("ip", "addr", "add", "10.0.2.15/24", "dev", "ens3"),
                        List.of("ip", "route", "add", "default", "via", "10.0.2.2", "dev", "ens3"));
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, "10.0.2.0/24 dev ens3 scope link\n"))
                .containsExactly(List.of("ip", "route", "add", "default", "via", "10.0.2.2", "dev", "ens3"));
    }

    @Test
    void anotherAddressOrPrefixIsNotOurs() {
        var other = ADDRESSES.replace("10.0.2.15/24", "10.0.2.15/16");
        assertThat(LinkKeeper.repairs(WANTED, true, other, ROUTES))
                .containsExactly(List.of("ip", "addr", "add", "10.0.2.15/24", "dev", "ens3"));
    }

    /** The target's own default route (another gateway, another card) is its business. */
    @Test
    void aDefaultRouteOfTheTargetsOwnIsLeftAlone() {
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, "default via 192.168.1.1 dev wlan0 proto dhcp\n"))
                .isEmpty();
        assertThat(LinkKeeper.repairs(new LinkKeeper.Wanted("ens3", "10.0.2.15/24", ""), true, ADDRESSES, ""))
                .isEmpty();
    }
}
