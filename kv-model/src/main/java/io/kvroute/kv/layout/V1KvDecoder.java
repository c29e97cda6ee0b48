package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.ProblemSink;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.layout.v1.V1FrontendRules;
import io.kvroute.kv.layout.v1.V1Node;
import io.kvroute.kv.layout.v1.V1Schema;
import io.kvroute.kv.layout.v1.V1SectionDecoder;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Traefik 1.7 KV pairs ({@code <prefix>/backends/...}, {@code <prefix>/frontends/...}) into
 * {@code {"backends": {...}, "frontends": {...}}} in Traefik 1.x's JSON shape with the provider's defaults.
 * The prefix may be given with or without its leading slash ({@code /traefik} on etcd, {@code traefik} on Consul);
 * {@code <prefix>/alias} replaces it as Traefik 1.7 does. Failures are isolated per backend (reported as
 * {@link EntityRef.Kind#SERVICE}) and frontend ({@link EntityRef.Kind#ROUTER}). Never throws on any pairs.
 */
public final class V1KvDecoder {
    private V1KvDecoder() {
    }

    public static DecodedTree decode(List<KvPair> pairs, String prefix) {
        requireNonNull(pairs, "pairs");
        List<Problem> problems = new ArrayList<>();
        V1Keys keys = new V1Keys(resolveRoot(pairs, prefix, problems));
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ObjectNode backends = config.putObject(V1Keys.BACKENDS);
        ObjectNode frontends = config.putObject(V1Keys.FRONTENDS);
        for (V1Node backend : V1Node.below(keys.backends(), pairs).children()) {
            ProblemSink sink = new ProblemSink(EntityRef.service(backend.name()));
            ObjectNode decoded = V1SectionDecoder.decode(V1Schema.BACKEND, backend, sink);
            problems.addAll(sink.problems());
            if (!sink.failed()) {
                backends.set(backend.name(), decoded);
            }
        }
        for (V1Node frontend : V1Node.below(keys.frontends(), pairs).children()) {
            ProblemSink sink = new ProblemSink(EntityRef.router(frontend.name()));
            ObjectNode decoded = V1SectionDecoder.decode(V1Schema.FRONTEND, frontend, sink);
            V1FrontendRules.apply(decoded);
            String backend = decoded.path("backend").asText();
            if (!sink.failed() && !backends.has(backend)) {
                sink.error(frontend.key() + "/" + V1Keys.FRONTEND_BACKEND, backend, "backend \"" + backend
                        + "\" does not exist: Traefik 1.7 deletes this frontend");
            }
            problems.addAll(sink.problems());
            if (!sink.failed()) {
                frontends.set(frontend.name(), decoded);
            }
        }
        return new DecodedTree(config, problems);
    }

    /** The prefix spelling that has keys (configured first, then with/without leading slash), then its alias. */
    private static String resolveRoot(List<KvPair> pairs, String configured, List<Problem> problems) {
        String root = KvRoot.v1Root(pairs, configured);
        for (KvPair pair : pairs) {
            if (pair.key().equals(new V1Keys(root).alias()) && !pair.value().isEmpty()) {
                String alias = KvRoot.v1Root(pairs, pair.value());
                problems.add(Problem.warning(pair.key(), pair.value(), "alias: backends and frontends are read "
                        + "under " + alias, null));
                return alias;
            }
        }
        return root;
    }
}
