package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.NodeTyper;
import io.kvroute.kv.layout.codec.ProblemSink;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.node.CaseFold;
import io.kvroute.kv.layout.node.KvNodeTree;
import io.kvroute.kv.layout.schema.DynamicSchema;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Traefik v2/v3 KV pairs ({@code <root>/http/routers/...}, {@code <root>/tls/...}) into Traefik's dynamic
 * configuration JSON, following Traefik v3.7's algorithm ({@code pkg/config/kv}) including its decode-time defaults.
 * Unlike Traefik, a bad key does not reject everything: a failure inside {@code http/routers/<r>},
 * {@code http/services/<s>}, {@code http/middlewares/<m>}, {@code tls/certificates/<i>}, {@code tls/options/<o>} or
 * {@code tls/stores/<s>}, {@code tcp/routers|services|middlewares/<n>} or {@code udp/routers|services/<n>} drops only
 * that entity and is reported as an error {@link Problem}; a failure elsewhere skips the offending key. A root with no
 * key at all decodes to {@code {"http":{}}}, as Traefik's provider reads it. Never throws on any pairs.
 */
public final class TraefikKvDecoder {
    private TraefikKvDecoder() {
    }

    /**
     * @param pairs  the pairs listed under the root (any order; other keys are reported and ignored)
     * @param prefix Traefik's {@code rootKey}, e.g. {@code traefik}; a leading or trailing slash is ignored
     */
    public static DecodedTree decode(List<KvPair> pairs, String prefix) {
        requireNonNull(pairs, "pairs");
        String root = KvRoot.dynamicRoot(prefix);
        if (pairs.isEmpty()) {
            return new DecodedTree(emptyRoot(), List.of());
        }
        List<Problem> problems = new ArrayList<>();
        List<KvPair> admitted = new ArrayList<>();
        for (KvPair pair : pairs) {
            if (!passesFilter(pair.key(), root)) {
                problems.add(Problem.warning(pair.key(), pair.value(), "ignored by Traefik: only keys under "
                        + root + "/http, /tcp, /udp and /tls are read", null));
            } else if (!pair.key().startsWith(root + "/")) {
                problems.add(Problem.error(pair.key(), pair.value(), "root spelled differently from \"" + root
                        + "\": Traefik rejects the whole configuration for it (invalid label root)", null));
            } else {
                admitted.add(pair);
            }
        }
        KvNodeTree.Result tree = KvNodeTree.build(admitted, root);
        for (KvNodeTree.Shadowed shadowed : tree.shadowed()) {
            problems.add(Problem.warning(shadowed.key(), valueOf(pairs, shadowed.key()), "overridden by "
                    + shadowed.winnerKey() + ": keys differing only in case reach the same field and the last "
                    + "in byte order wins", null));
        }
        ProblemSink sink = new ProblemSink(null);
        ObjectNode config = NodeTyper.typeStruct(DynamicSchema.CONFIGURATION, tree.root(), sink);
        problems.addAll(sink.problems());
        return new DecodedTree(config, problems);
    }

    /**
     * What Traefik's KV provider makes of a root with no key at all: an empty router map, which it applies (every
     * KV route goes) rather than discarding it as an empty configuration; as JSON {@code {"http":{}}}.
     */
    private static ObjectNode emptyRoot() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putObject(DynamicKeys.HTTP);
        return config;
    }

    /** Traefik's filter: the key starts with {@code <root>/http|tcp|udp|tls}, compared ignoring case. */
    public static boolean passesFilter(String key, String root) {
        int sectionAt = root.length() + 1;
        if (key.startsWith(root) && key.length() > sectionAt && key.charAt(root.length()) == '/') {
            // Spelled as the root is (nearly every key): a section spelled as Traefik's passes without allocating.
            for (String section : DynamicSchema.SECTIONS) {
                if (key.startsWith(section, sectionAt)) {
                    return true;
                }
            }
        }
        for (String section : DynamicSchema.SECTIONS) {
            if (CaseFold.startsWith(key, root + "/" + section)) {
                return true;
            }
        }
        return false;
    }

    private static String valueOf(List<KvPair> pairs, String key) {
        return pairs.stream().filter(p -> p.key().equals(key)).map(KvPair::value).findFirst().orElse("");
    }
}
