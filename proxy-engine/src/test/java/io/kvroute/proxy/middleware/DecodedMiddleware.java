package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/**
 * A middleware as the proxy gets it: Traefik v3 keys under {@code traefik/http/middlewares/<name>/<type>/} through the
 * real decoder, which types the values from Traefik's schema and fills its defaults.
 * {@code DecodedMiddleware.of("admins", "ipAllowList", "sourceRange/0", "10.0.0.0/8")}.
 */
final class DecodedMiddleware {
    private DecodedMiddleware() {
    }

    /** {@code fieldsAndValues}: path under the type, value, path, value, ... (a path alone with "" for empty). */
    static Middleware of(String name, String type, String... fieldsAndValues) {
        List<KvPair> pairs = new ArrayList<>();
        String prefix = "traefik/http/middlewares/" + name + "/" + type;
        if (fieldsAndValues.length == 0) {
            pairs.add(KvPair.of(prefix, ""));
        }
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            pairs.add(KvPair.of(prefix + "/" + fieldsAndValues[i], fieldsAndValues[i + 1]));
        }
        DecodedConfig config = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        assertThat(config.hasErrors()).as("decode problems: %s", config.problems()).isFalse();
        return config.model().middleware(name).orElseThrow();
    }

    /**
     * The middleware named {@code name} from {@code fieldsAndValues}: field, value, field, value, ... with fields
     * under the middleware's key ({@code headers/frameDeny}, {@code true}).
     *
     * @throws IllegalStateException if the decoder reports a problem or finds no such middleware
     */
    static Middleware ofPaths(String name, String... fieldsAndValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/http/middlewares/" + name + "/" + fieldsAndValues[i], fieldsAndValues[i + 1]));
        }
        DecodedConfig config = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.V3);
        if (!config.problems().isEmpty()) {
            throw new IllegalStateException("decoding " + pairs + ": " + config.problems());
        }
        return config.model().middleware(name)
                .orElseThrow(() -> new IllegalStateException("no middleware " + name + " in " + pairs));
    }
}
