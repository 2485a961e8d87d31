package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The claim's files; that NetworkManager obeys them is proven in a VM (DebianLiveSessionIT). */
class NetworkClaimTest {

    @Test
    void networkManagerAndNetworkdAreToldToLeaveTheCardAlone() {
        var files = NetworkClaim.files("52:54:00:12:34:56");
        assertThat(files.get("NetworkManager/conf.d/90-inetboot.conf"))
                .endsWith("[keyfile]\nunmanaged-devices+=mac:52:54:00:12:34:56\n");
        assertThat(files.get("systemd/network/10-inetboot.network"))
                .endsWith("[Match]\nPermanentMACAddress=52:54:00:12:34:56\n\n[Link]\nUnmanaged=yes\n");
    }
}
