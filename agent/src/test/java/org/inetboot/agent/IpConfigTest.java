package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.inetboot.agent.IpConfig.Method;
import org.junit.jupiter.api.Test;

class IpConfigTest {

    @Test
    void dhcpIsTheDefaultAndHasItsAliases() {
        for (var value : new String[] {null, "", "dhcp", "DHCP", "on", "any", "both", "bootp"}) {
            assertThat(IpConfig.parse(value)).as(value).isEqualTo(IpConfig.DHCP);
        }
        assertThat(IpConfig.parse("off").method()).isEqualTo(Method.OFF);
        assertThat(IpConfig.parse("none").method()).isEqualTo(Method.OFF);
    }

    @Test
    void dhcpOnOneDeviceInDracutsAndTheKernelsForms() {
        assertThat(IpConfig.parse("eth1:dhcp")).isEqualTo(new IpConfig(Method.DHCP, "eth1", "", 0, "", "", List.of()));
        assertThat(IpConfig.parse(":::::enp0s3:dhcp"))
                .isEqualTo(new IpConfig(Method.DHCP, "enp0s3", "", 0, "", "", List.of()));
    }

    @Test
    void staticAddressesAsTheKernelDocumentsThem() {
        assertThat(IpConfig.parse("192.168.1.20::192.168.1.1:255.255.255.0:box:eth0:off:9.9.9.9:1.1.1.1"))
                .isEqualTo(new IpConfig(
                        Method.STATIC,
                        "eth0",
                        "192.168.1.20",
                        24,
                        "192.168.1.1",
                        "box",
                        List.of("9.9.9.9", "1.1.1.1")));
        assertThat(IpConfig.parse("10.0.0.5/16:::::"))
                .isEqualTo(new IpConfig(Method.STATIC, "", "10.0.0.5", 16, "", "", List.of()));
        assertThat(IpConfig.parse("10.1.2.3::10.1.0.1:255.255.240.0").prefix()).isEqualTo(20);
        assertThat(IpConfig.parse("10.1.2.3::10.1.0.1").prefix()).isEqualTo(24);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> IpConfig.parse("static"))
                .hasMessageStartingWith("ip=static: expected dhcp, off, DEVICE:dhcp or");
        assertThatThrownBy(() -> IpConfig.parse("10.0.0.256::10.0.0.1"))
                .hasMessage("ip=10.0.0.256::10.0.0.1: '10.0.0.256' is not an IPv4 address");
        assertThatThrownBy(() -> IpConfig.parse("10.0.0.2::10.0.0.1:255.0.255.0"))
                .hasMessage("ip=10.0.0.2::10.0.0.1:255.0.255.0: netmask 255.0.255.0 is not contiguous");
        assertThatThrownBy(() -> IpConfig.parse("10.0.0.2/33::"))
                .hasMessage("ip=10.0.0.2/33::: '/33' is not a prefix length");
        assertThatThrownBy(() -> IpConfig.parse("10.0.0.2::gw"))
                .hasMessage("ip=10.0.0.2::gw: 'gw' is not an IPv4 address");
    }
}
