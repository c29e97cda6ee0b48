package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionTokensTest {
    private static HeaderMap connection(String... values) {
        HeaderMap headers = new HeaderMap();
        for (String value : values) {
            headers.add(Headers.CONNECTION, value);
        }
        return headers;
    }

    @Test
    void tokensOfEveryValueLowerCasedOnceEach() {
        assertThat(ConnectionTokens.of(connection("Close").get(Headers.CONNECTION))).containsExactly("close");
        HeaderMap several = connection(" keep-alive , X-Foo,,close", "CLOSE, x-foo");
        assertThat(ConnectionTokens.of(several.get(Headers.CONNECTION))).containsExactlyInAnyOrder("keep-alive", "x-foo", "close");
        assertThat(ConnectionTokens.of(connection("", " , ").get(Headers.CONNECTION))).isEmpty();
        assertThat(ConnectionTokens.of(new HeaderMap().get(Headers.CONNECTION))).isEmpty();
    }

    @Test
    void theHeadersConnectionNamesAreRemovedButTheKeptOnes() {
        HeaderMap headers = connection("close, X-Secret, Host");
        headers.add(HttpString.tryFromString("X-Secret"), "s");
        headers.add(Headers.HOST, "a.test");

        Set<String> tokens = ConnectionTokens.removeNamedHeaders(headers, Headers.HOST::equals);

        assertThat(tokens).containsExactlyInAnyOrder("close", "x-secret", "host");
        assertThat(headers.contains("X-Secret")).isFalse();
        assertThat(headers.getFirst(Headers.HOST)).isEqualTo("a.test");
    }
}
