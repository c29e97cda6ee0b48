package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.ProblemSink;
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
        String root = resolveRoot(pairs, KvRoot.trimTrailing(prefix), problems);
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ObjectNode backends = config.putObject("backends");
        ObjectNode frontends = config.putObject("frontends");
        for (V1Node backend : V1Node.below(root + "/backends", pairs).children()) {
            ProblemSink sink = new ProblemSink(EntityRef.service(backend.name()));
            ObjectNode decoded = V1SectionDecoder.decode(V1Schema.BACKEND, backend, sink);
            problems.addAll(sink.problems());
            if (!sink.failed()) {
                backends.set(backend.name(), decoded);
            }
        }
        for (V1Node frontend : V1Node.below(root + "/frontends", pairs).children()) {
            ProblemSink sink = new ProblemSink(EntityRef.router(frontend.name()));
            ObjectNode decoded = V1SectionDecoder.decode(V1Schema.FRONTEND, frontend, sink);
            V1FrontendRules.apply(decoded);
            String backend = decoded.path("backend").asText();
            if (!sink.failed() && !backends.has(backend)) {
                sink.error(frontend.key() + "/backend", backend, "backend \"" + backend
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
        String root = spellingWithKeys(pairs, configured);
        for (KvPair pair : pairs) {
            if (pair.key().equals(root + "/alias") && !pair.value().isEmpty()) {
                String alias = spellingWithKeys(pairs, KvRoot.trimTrailing(pair.value()));
                problems.add(Problem.warning(pair.key(), pair.value(), "alias: backends and frontends are read "
                        + "under " + alias, null));
                return alias;
            }
        }
        return root;
    }

    private static String spellingWithKeys(List<KvPair> pairs, String root) {
        if (hasKeysUnder(pairs, root)) {
            return root;
        }
        String other = KvRoot.otherSlashSpelling(root);
        return hasKeysUnder(pairs, other) ? other : root;
    }

    private static boolean hasKeysUnder(List<KvPair> pairs, String root) {
        return pairs.stream().map(KvPair::key).anyMatch(k -> k.startsWith(root + "/backends/")
                || k.startsWith(root + "/frontends/") || k.equals(root + "/alias"));
    }

    /** True when {@code pairs} hold v1 keys under {@code prefix} (with or without its leading slash). */
    static boolean hasV1Keys(List<KvPair> pairs, String prefix) {
        String root = KvRoot.trimTrailing(prefix);
        return hasKeysUnder(pairs, root) || hasKeysUnder(pairs, KvRoot.otherSlashSpelling(root));
    }
}
