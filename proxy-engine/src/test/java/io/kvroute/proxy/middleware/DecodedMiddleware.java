package io.kvroute.proxy.middleware;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/**
 * A middleware decoded by kvroute's real decoder from Traefik v3 keys, so tests get the settings exactly as the proxy
 * does (typed by Traefik's schema, with Traefik's decode-time defaults).
 */
final class DecodedMiddleware {
    private DecodedMiddleware() {
    }

    /**
     * The middleware named {@code name} from {@code fieldsAndValues}: field, value, field, value, ... with fields
     * under the middleware's key ({@code headers/frameDeny}, {@code true}).
     *
     * @throws IllegalStateException if the decoder reports a problem or finds no such middleware
     */
    static Middleware of(String name, String... fieldsAndValues) {
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
