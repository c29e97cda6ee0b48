package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.StickyCookie;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StickyCookieSpecTest {
    @Test
    void defaultsFollowTraefik() {
        StickyCookieSpec spec = StickyCookieSpec.of(StickyCookie.named(""), "web");
        assertThat(spec).isEqualTo(new StickyCookieSpec("_6983a", false, false, Optional.empty(), OptionalInt.empty(),
                "/", Optional.empty()));
        assertThat(spec.setCookieHeader("v")).isEqualTo("_6983a=v; Path=/");
    }

    @Test
    void configuredNameIsSanitizedAndAttributesKept() {
        StickyCookie cookie = new StickyCookie(Optional.of("my cookie;1"), true, true, Optional.of("Strict"),
                OptionalInt.of(-1), Optional.of("/app"), Optional.of("example.com"));
        StickyCookieSpec spec = StickyCookieSpec.of(cookie, "web");
        assertThat(spec.name()).isEqualTo("my_cookie_1");
        assertThat(spec.setCookieHeader("abc"))
                .isEqualTo("my_cookie_1=abc; Path=/app; Domain=example.com; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void pinHashIsFnv1Of64Bits() {
        assertThat(PinHash.of("")).isEqualTo("cbf29ce484222325");
        assertThat(PinHash.of("a")).isEqualTo("af63bd4c8601b7be");
        assertThat(PinHash.of("http://10.0.0.1:8080")).isEqualTo("b0139f9bf96a2faf");
    }
}
