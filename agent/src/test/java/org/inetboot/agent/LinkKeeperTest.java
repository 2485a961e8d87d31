package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkKeeperTest {

    private static final LinkKeeper.Wanted WANTED = new LinkKeeper.Wanted("eth0", "10.0.2.15/24", "10.0.2.2");
    private static final List<String> ADDRESSES = List.of("10.0.2.15/24");

    /** /proc/net/route as the kernel writes it (tab-separated, addresses little-endian). */
    private static final String ROUTES = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0
            eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    private static final String ONLY_THE_SUBNET = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    @Test
    void aCardWithAllItNeedsIsLeftAlone() {
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, ROUTES)).isEmpty();
        assertThat(LinkKeeper.defaultGateway(ROUTES)).hasValue("10.0.2.2");
        assertThat(LinkKeeper.defaultGateway(ONLY_THE_SUBNET)).isEmpty();
    }

    /** After ip link set down and up, and dhclient -r: the link, then the address, then the route. */
    @Test
    void whatWasTakenAwayIsPutBackInOrder() {
        assertThat(LinkKeeper.repairs(WANTED, false, List.of(), ONLY_THE_SUBNET))
                .containsExactly(
                        List.of("ip", "link", "set", "eth0", "up"),
                        List.of("ip", "addr", "add", "10.0.2.15/24", "dev", "eth0"),
                        List.of("ip", "route", "add", "default", "via", "10.0.2.2", "dev", "eth0"));
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, ONLY_THE_SUBNET))
                .containsExactly(List.of("ip", "route", "add", "default", "via", "10.0.2.2", "dev", "eth0"));
    }

    @Test
    void anotherPrefixIsNotTheAddressStage2Configured() {
        assertThat(LinkKeeper.repairs(WANTED, true, List.of("10.0.2.15/16", "192.168.7.2/24"), ROUTES))
                .containsExactly(List.of("ip", "addr", "add", "10.0.2.15/24", "dev", "eth0"));
    }

    /** The target's own default route (another gateway, another card) is its business. */
    @Test
    void aDefaultRouteOfTheTargetsOwnIsLeftAlone() {
        var wifi = ONLY_THE_SUBNET + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n";
        assertThat(LinkKeeper.defaultGateway(wifi)).hasValue("192.168.1.1");
        assertThat(LinkKeeper.repairs(WANTED, true, ADDRESSES, wifi)).isEmpty();
        assertThat(LinkKeeper.repairs(new LinkKeeper.Wanted("eth0", "10.0.2.15/24", ""), true, ADDRESSES, ""))
                .isEmpty();
    }
}
