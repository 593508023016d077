package com.dhakacart.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    @Test
    void withNoTrustedProxiesXForwardedForIsIgnored() {
        ClientAddresses none = new ClientAddresses(List.of());
        assertThat(none.clientOf("198.51.100.7", "1.2.3.4")).isEqualTo("198.51.100.7");
    }

    @Test
    void aCallerThatIsNotATrustedProxyCannotChooseItsAddress() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
        assertThat(addresses.clientOf("198.51.100.7", "1.2.3.4")).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheFirstUntrustedHopFromTheRight() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.1"));
        // The shopper wrote "6.6.6.6" themselves; the ingress appended the address it really saw.
        assertThat(addresses.clientOf("10.1.2.3", "6.6.6.6, 203.0.113.9, 192.0.2.1")).isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf("10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void garbageInTheHeaderIsNeverTakenForAnAddressNorLookedUp() {
        ClientAddresses addresses = new ClientAddresses(List.of("127.0.0.1"));
        assertThat(addresses.clientOf("127.0.0.1", "evil.example.com")).isEqualTo("127.0.0.1");
        assertThat(addresses.clientOf("127.0.0.1", "203.0.113.9, '; DROP TABLE orders")).isEqualTo("127.0.0.1");
        assertThat(addresses.clientOf("127.0.0.1", "unknown, 203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6ProxiesAndClientsAreUnderstood() {
        ClientAddresses addresses = new ClientAddresses(List.of("::1", "fd00::/8"));
        assertThat(addresses.clientOf("0:0:0:0:0:0:0:1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(addresses.isTrustedProxy("fd12::1")).isTrue();
        assertThat(addresses.isTrustedProxy("fe80::1")).isFalse();
    }

    @Test
    void aMistypedProxySettingStopsStartUpWithItsName() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .hasMessageContaining("DHAKACART_TRUSTED_PROXIES").hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }
}
