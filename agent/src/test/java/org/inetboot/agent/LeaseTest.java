package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final String NOTED = """
            interface=eth0
            ip=10.0.2.15
            mask=24
            router=10.0.2.2
            dns=10.0.2.3 10.0.2.4 10.0.2.5
            lease=86400
            bound=1764400000
            """;

    @Test
    void theHooksNoteBecomesTheStaticConfigurationStage2Applies() {
        var lease = Lease.parse(NOTED).orElseThrow();
        assertThat(lease.expires()).isEqualTo(1764400000L + 86400);
        assertThat(lease.ipArgument()).isEqualTo("10.0.2.15/24::10.0.2.2:::eth0:off:10.0.2.3:10.0.2.4");
        var config = IpConfig.parse(lease.ipArgument());
        assertThat(config.method()).isEqualTo(IpConfig.Method.STATIC);
        assertThat(config.device()).isEqualTo("eth0");
        assertThat(config.address()).isEqualTo("10.0.2.15");
        assertThat(config.prefix()).isEqualTo(24);
        assertThat(config.gateway()).isEqualTo("10.0.2.2");
        assertThat(config.dns()).isEqualTo(List.of("10.0.2.3", "10.0.2.4"));
    }

    @Test
    void aLeaseWithoutRouterOrDnsStillParses() {
        var lease = Lease.parse("interface=eth1\nip=192.168.7.9\nmask=16\nrouter=\ndns=\nlease=600\nbound=100\n")
                .orElseThrow();
        var config = IpConfig.parse(lease.ipArgument());
        assertThat(config.gateway()).isEmpty();
        assertThat(config.dns()).isEmpty();
        assertThat(config.prefix()).isEqualTo(16);
    }

    @Test
    void anIncompleteNoteIsNoLease() {
        assertThat(Lease.parse("interface=eth0\nip=10.0.2.15\n")).isEmpty();
        assertThat(Lease.parse("")).isEmpty();
        assertThat(Lease.parse(NOTED.replace("bound=1764400000", "bound=soon"))).isEmpty();
    }

    @Test
    void stage2TakesItOverOnlyWhileEnoughOfItIsLeft() {
        assertThat(Lease.usable(10_000, 10_000 - 3600)).isTrue();
        assertThat(Lease.usable(10_000, 10_000 - 299)).isFalse();
        assertThat(Lease.usable(10_000, 20_000)).isFalse();
    }
}
