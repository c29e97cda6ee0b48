package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostDefaultsTest {
    @ParameterizedTest
    @CsvSource({
        "vm, vm",
        "Web_01.Example.COM, web-01-example-com",
        "node1, node1",
        "01-db, db",
        "a--b, a-b",
        "host-, host",
        "'x.', x"
    })
    void hostNamesFoldToNodeNames(String hostName, String node) {
        assertThat(HostDefaults.nodeNameOf(hostName)).contains(node);
    }

    @ParameterizedTest
    @CsvSource({"''", "123", "--", "._."})
    void hostNamesWithoutLettersGiveNone(String hostName) {
        assertThat(HostDefaults.nodeNameOf(hostName)).isEmpty();
    }

    @Test
    void longHostNamesAreCutTo63CharactersWithoutATrailingDash() {
        String hostName = "a".repeat(62) + ".b";

        assertThat(HostDefaults.nodeNameOf(hostName)).contains("a".repeat(62));
    }

    @Test
    void theDefaultNodeNameIsValid() {
        assertThat(HostDefaults.nodeName()).matches("[a-z][a-z0-9-]{0,62}");
    }

    @Test
    void theHostIpIsAnAddressOfThisHostOtherThanLoopback() throws Exception {
        InetAddress address = InetAddress.getByName(HostDefaults.hostIp());

        assertThat(address.isLoopbackAddress()).isFalse();
        assertThat(NetworkInterface.getByInetAddress(address)).isNotNull();
    }

    @Test
    void aRouteOnlyOverLoopbackGivesNoHostIp() {
        Optional<String> viaLoopback = HostDefaults.sourceAddressTowards(new InetSocketAddress("127.0.0.1", 9));

        assertThat(viaLoopback).isEmpty();
    }
}
