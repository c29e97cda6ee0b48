package io.kvroute.kv.model;

import io.kvroute.kv.rule.RuleSyntax;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps Traefik 1.x configuration JSON ({@code {"backends": {...}, "frontends": {...}}}, v1 JSON field names) to the
 * typed {@link HttpConfig} and back. Frontends become routers with {@link RuleSyntax#V1} rules (route rules sorted by
 * route name, joined with {@code ;}), backends load-balanced services whose server ids are the v1 server names,
 * a frontend's white list, redirect, headers, error pages, rate limits, authentication and TLS client certificate
 * headers middlewares with Traefik v3 settings named after it ({@code <frontend>-ipallowlist},
 * {@code <frontend>-basicauth}, ...), in the order Traefik 1.7 applies them.
 * Problem keys are v1 keys relative to the layout root ({@code backends/b/servers/s/url}).
 */
public final class V1JsonMapper {
    private V1JsonMapper() {
    }

    /** The typed config of v1 {@code json}; v1 features kvroute does not apply are warnings naming their key. */
    public static MappedConfig fromJson(ObjectNode json) {
        return V1Reader.read(requireNonNull(json, "json"));
    }

    /**
     * The v1 JSON of {@code config}: V1 routers as frontends ({@code routes/<route>/rule}), load-balanced services as
     * backends with servers by id. V3-syntax routers are errors and left out; anything else v1 cannot express is
     * left out with a warning.
     */
    public static EncodedConfig toV1Json(HttpConfig config) {
        return V1Writer.write(requireNonNull(config, "config"));
    }
}
