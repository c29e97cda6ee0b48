package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EncodedCharacter;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RawHttp;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request paths through a real proxy, sent byte for byte: dot segments and their encoded forms can no longer route
 * around a protected router (an open {@code /api} router and an {@code /admin} router behind basicAuth), the
 * encoded characters Traefik refuses are refused before anything reaches the origin, and the origin receives the
 * normalized path it was routed by. An entry point option relaxes one character; a router's encodedCharacters
 * middleware refuses more.
 */
class RequestPathSafetyIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    /** Vector v1_13's user {@code test}, password {@code test}. */
    private static final String APR1_USER = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";

    private final Backend backend = HARNESS.backend("origin");
    private RunningProxy proxy;

    private void start(EntryPointOptions options) {
        proxy = HARNESS.proxy(RunningProxy.settings(options));
        proxy.apply(new TraefikKeys()
                .router("open", "Host(`app.test`) && PathPrefix(`/api`)", "app")
                .router("admin", "Host(`app.test`) && PathPrefix(`/admin`)", "app").middlewares("admin", "auth")
                .middleware("auth", "basicAuth/users/0", APR1_USER)
                .router("strict", "Host(`strict.test`)", "app").middlewares("strict", "no-encoded")
                .middleware("no-encoded", "encodedCharacters/allowEncodedHash", "true")
                .server("app", "one", backend.url())
                .build());
    }

    private RawHttp get(String host, String target, String extraHeaders) throws IOException {
        return RawHttp.send(proxy.runtime().address(RunningProxy.ENTRY_POINT), "GET " + target + " HTTP/1.1\r\nHost: "
                + host + "\r\nConnection: close\r\n" + extraHeaders + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/../admin/secret.txt", "/api/%2e%2e/admin/secret.txt", "/api/.%2E/admin/secret.txt",
        "/api/./../admin/secret.txt", "//admin/secret.txt", "/api/x/../../admin/secret.txt"})
    void dotSegmentsCannotRouteAroundAProtectedRouter(String target) throws IOException {
        start(EntryPointOptions.DEFAULT);

        assertThat(get("app.test", target, "").status()).isEqualTo(401);
        assertThat(backend.received()).isEmpty();
        assertThat(get("app.test", target, RawHttp.basic("test", "test")).status()).isEqualTo(200);
        assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/admin/secret.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/..%2Fadmin/secret.txt", "/api/..%2fadmin", "/api/..%5Cadmin", "/api/x%00.txt",
        "/api/x%3B/../../admin", "/api/%25%32%65", "/api/x%3F", "/api/x%23", "/api/%zz"})
    void encodedCharactersTraefikRefusesAre400AndReachNothing(String target) throws IOException {
        start(EntryPointOptions.DEFAULT);

        RawHttp response = get("app.test", target, "");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("origin");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void theOriginGetsTheNormalizedPathAndTheQueryAsSent() throws IOException {
        start(EntryPointOptions.DEFAULT);

        assertThat(get("app.test", "/api//users/./%7e%61/..?q=%2F..%2F&x=1", "").status()).isEqualTo(200);
        assertThat(get("app.test", "/api/caf%c3%a9", "").status()).isEqualTo(200);
        assertThat(get("app.test", "http://app.test/api/abs/../olute", "").status()).isEqualTo(200);

        assertThat(backend.received()).extracting(Backend.Received::uri)
                .containsExactly("/api/users/?q=%2F..%2F&x=1", "/api/caf%C3%A9", "/api/olute");
    }

    @Test
    void anEntryPointOptionAllowsOneEncodedCharacterAndSanitizingCanBeTurnedOff() throws IOException {
        start(new EntryPointOptions(new RequestPathPolicy(Set.of(EncodedCharacter.SLASH), false),
                UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE));

        assertThat(get("app.test", "/api/a%2fb", "").status()).isEqualTo(200);
        assertThat(get("app.test", "/api/a%3Bb", "").status()).isEqualTo(400);
        assertThat(get("app.test", "/api//x/./y", "").status()).isEqualTo(200);

        assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/api/a%2Fb", "/api//x/./y");
    }

    @Test
    void aRoutersEncodedCharactersMiddlewareRefusesMoreButNeverAllowsMore() throws IOException {
        start(new EntryPointOptions(new RequestPathPolicy(Set.of(EncodedCharacter.SLASH, EncodedCharacter.HASH),
                true), UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE));

        assertThat(get("strict.test", "/a%2Fb", "").status()).as("slash: allowed here, not by the router")
                .isEqualTo(400);
        assertThat(get("strict.test", "/a%23b", "").status()).as("hash: allowed by both").isEqualTo(200);
        assertThat(get("strict.test", "/a%3Fb", "").status()).as("question mark: by neither").isEqualTo(400);
        assertThat(get("app.test", "/api/a%2Fb", "").status()).as("slash elsewhere").isEqualTo(200);

        assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/a%23b", "/api/a%2Fb");
    }
}
