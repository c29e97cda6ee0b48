package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Traefik's ipStrategy examples (ipallowlist.md, pkg/ip/strategy_test.go) against exchanges whose peer and
 * X-Forwarded-For are set, and the peer of a real connection.
 */
class ClientIpStrategyTest {
    private static final String XFF = "10.0.0.1,11.0.0.1,12.0.0.1,13.0.0.1";

    /** The strategy of an ipAllowList whose ipStrategy has {@code fieldsAndValues}. */
    private static ClientIpStrategy strategy(String... fieldsAndValues) {
        List<String> keys = new ArrayList<>(List.of("sourceRange/0", "10.0.0.0/8"));
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            keys.add("ipStrategy/" + fieldsAndValues[i]);
            keys.add(fieldsAndValues[i + 1]);
        }
        if (fieldsAndValues.length == 0) {
            keys.add("ipStrategy");
            keys.add("");
        }
        Middleware middleware = DecodedMiddleware.of("m", "ipAllowList", keys.toArray(String[]::new));
        MiddlewareSettings settings = MiddlewareSettings.of((io.kvroute.kv.model.OpaqueMiddleware) middleware);
        return ClientIpStrategy.read(settings.section("ipStrategy"));
    }

    private static HttpServerExchange exchange(String peer, String forwardedFor) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setSourceAddress(new InetSocketAddress(peer, 40000));
        if (forwardedFor != null) {
            exchange.getRequestHeaders().put(Headers.X_FORWARDED_FOR, forwardedFor);
        }
        return exchange;
    }

    @ParameterizedTest(name = "depth {0}")
    @CsvSource(nullValues = "none", textBlock = """
            1, 13.0.0.1
            2, 12.0.0.1
            3, 11.0.0.1
            4, 10.0.0.1
            """)
    void depthCountsFromTheRightOfXForwardedFor(String depth, String expected) {
        assertThat(strategy("depth", depth).clientIp(exchange("127.0.0.1", XFF))).contains(expected);
    }

    @Test
    void depthBeyondTheEntriesSelectsNothingUsable() {
        assertThat(strategy("depth", "5").clientIp(exchange("127.0.0.1", XFF))).isEmpty();
        assertThat(strategy("depth", "2").clientIp(exchange("127.0.0.1", null))).isEmpty();
    }

    @Test
    void depthTrimsSpacesAndAppliesTheIpv6Subnet() {
        ClientIpStrategy strategy = strategy("depth", "2", "ipv6Subnet", "80");

        assertThat(strategy.clientIp(exchange("127.0.0.1", "10.0.0.3, ::abcd:ffff:c0a8:1 ,10.0.0.1")))
                .contains("::abcd:0:0:0");
        assertThat(strategy.clientIp(exchange("127.0.0.1", "10.0.0.3,10.0.0.2,10.0.0.1"))).contains("10.0.0.2");
    }

    @ParameterizedTest(name = "excluded {0}")
    @CsvSource(delimiter = '|', textBlock = """
            12.0.0.1,13.0.0.1                   | 11.0.0.1
            15.0.0.1,13.0.0.1                   | 12.0.0.1
            10.0.0.1,13.0.0.1                   | 12.0.0.1
            15.0.0.1,16.0.0.1                   | 13.0.0.1
            12.0.0.0/8,13.0.0.0/8               | 11.0.0.1
            """)
    void excludedIpsSelectTheRightmostEntryNotExcluded(String excluded, String expected) {
        List<String> settings = new ArrayList<>();
        String[] ranges = excluded.split(",");
        for (int i = 0; i < ranges.length; i++) {
            settings.add("excludedIPs/" + i);
            settings.add(ranges[i]);
        }
        ClientIpStrategy strategy = strategy(settings.toArray(String[]::new));

        assertThat(strategy.clientIp(exchange("127.0.0.1", XFF))).contains(expected);
    }

    @Test
    void excludedIpsSelectNothingWhenEveryEntryIsExcludedAndKeepANonAddress() {
        ClientIpStrategy strategy = strategy("excludedIPs/0", "10.0.0.1", "excludedIPs/1", "11.0.0.1");

        assertThat(strategy.clientIp(exchange("127.0.0.1", "10.0.0.1,11.0.0.1"))).isEmpty();
        assertThat(strategy.clientIp(exchange("127.0.0.1", null))).isEmpty();
        assertThat(strategy.clientIp(exchange("127.0.0.1", "garbage, 11.0.0.1"))).contains("garbage");
    }

    @Test
    void depthWinsOverExcludedIps() {
        ClientIpStrategy strategy = strategy("depth", "1", "excludedIPs/0", "13.0.0.1");

        assertThat(strategy.clientIp(exchange("127.0.0.1", XFF))).contains("13.0.0.1");
    }

    @Test
    void excludedIpsIgnoreTheIpv6SubnetEvenAnInvalidOne() {
        ClientIpStrategy strategy = strategy("excludedIPs/0", "10.0.0.1", "ipv6Subnet", "500");

        assertThat(strategy.clientIp(exchange("127.0.0.1", "::abcd:ffff:c0a8:1,10.0.0.1")))
                .contains("::abcd:ffff:c0a8:1");
    }

    @Test
    void withoutDepthOrExclusionsThePeerIsTheClient() {
        assertThat(strategy().clientIp(exchange("192.0.2.1", XFF))).contains("192.0.2.1");
        assertThat(ClientIpStrategy.PEER.clientIp(exchange("192.0.2.1", XFF))).contains("192.0.2.1");
        assertThat(ClientIpStrategy.read(Optional.empty())).isSameAs(ClientIpStrategy.PEER);
    }

    @ParameterizedTest(name = "/{0}")
    @CsvSource(textBlock = """
            64,  ::
            80,  ::abcd:0:0:0
            96,  ::abcd:ffff:0:0
            128, ::abcd:ffff:c0a8:1
            """)
    void thePeerStrategyMapsAnIpv6PeerToItsSubnet(String bits, String expected) {
        ClientIpStrategy strategy = strategy("ipv6Subnet", bits);

        assertThat(strategy.clientIp(exchange("::abcd:ffff:c0a8:1", null))).contains(expected);
        assertThat(strategy.clientIp(exchange("192.0.2.1", null))).contains("192.0.2.1");
    }

    @Test
    void takesTheAddressOfARealConnection() {
        ClientIpStrategy strategy = strategy();
        try (TestServer server = TestServer.start(exchange ->
                exchange.getResponseSender().send(strategy.clientIp(exchange).orElse("none")))) {
            HttpResponse<String> response = Http.get(server.uri("/"), "X-Forwarded-For", "203.0.113.9");

            assertThat(response.body()).isEqualTo("127.0.0.1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            depth         | -1     | ipStrategy/depth -1 (expected: 0 or more)
            ipv6Subnet    | 0      | ipStrategy/ipv6Subnet 0 (expected: 1 to 128)
            ipv6Subnet    | 129    | ipStrategy/ipv6Subnet 129 (expected: 1 to 128)
            excludedIPs/0 | 10.0.0 | ipStrategy/excludedIPs ["10.0.0"] (expected: IPv4 or IPv6 addresses or CIDR ranges; '10.0.0' (expected: an IPv4 or IPv6 address or CIDR range))
            """)
    void refusesSettingsTraefikRefuses(String field, String value, String message) {
        assertThatThrownBy(() -> strategy(field, value))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"m\" (ipAllowList): " + message);
    }

    @Test
    void refusesAnIpv6SubnetOutOfRangeWithDepth() {
        assertThatThrownBy(() -> strategy("depth", "1", "ipv6Subnet", "0"))
                .hasMessage("middleware \"m\" (ipAllowList): ipStrategy/ipv6Subnet 0 (expected: 1 to 128)");
    }
}
