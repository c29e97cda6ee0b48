package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.LayoutDecodes;
import io.kvroute.kv.layout.LayoutDetector;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.V1KvDecoder;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.model.V1JsonMapper;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pairs to configuration in one call: layout codecs (Traefik's decoding rules, per-entity isolation), then the
 * typed model with its semantic checks, then rule parsing. Never throws on bad keys or values; they all become
 * {@link Problem}s with their full key.
 */
public final class ConfigDecoder {
    private ConfigDecoder() {
    }

    /**
     * Decodes the pairs under {@code prefix} ({@code traefik}; v1 keys are also found under {@code /traefik}).
     *
     * @throws IllegalArgumentException when the prefix itself is unusable (empty or only slashes)
     */
    public static DecodedConfig decode(List<KvPair> pairs, String prefix, LayoutChoice choice) {
        requireNonNull(pairs, "pairs");
        requireNonNull(prefix, "prefix");
        LayoutDecodes decodes = switch (requireNonNull(choice, "choice")) {
            case AUTO -> LayoutDetector.decodeAll(pairs, prefix);
            case V1 -> new LayoutDecodes(Optional.of(V1KvDecoder.decode(pairs, prefix)), Optional.empty());
            case V2, V3 -> new LayoutDecodes(Optional.empty(), Optional.of(TraefikKvDecoder.decode(pairs, prefix)));
        };
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        List<Problem> problems = new ArrayList<>();
        Set<Layout> layouts = EnumSet.noneOf(Layout.class);
        HttpConfig model = HttpConfig.empty();
        if (decodes.dynamic().isPresent()) {
            DecodedTree tree = decodes.dynamic().get();
            layouts.add(Layout.V3);
            json.setAll(tree.config());
            problems.addAll(tree.problems());
            MappedConfig mapped = TraefikJsonMapper.fromJson(tree.config());
            problems.addAll(RootedProblems.underRoot(mapped.problems(), dynamicRoot(prefix)));
            model = ServerKeyIds.apply(mapped.config(), pairs, dynamicRoot(prefix));
        }
        if (decodes.v1().isPresent()) {
            DecodedTree tree = decodes.v1().get();
            layouts.add(Layout.V1);
            json.setAll(tree.config());
            problems.addAll(tree.problems());
            MappedConfig mapped = V1JsonMapper.fromJson(tree.config());
            List<Problem> v1Problems = new ArrayList<>(mapped.problems());
            model = ModelMerge.merge(model, mapped.config(), v1Problems);
            problems.addAll(RootedProblems.underRoot(v1Problems, v1Root(pairs, prefix)));
        }
        problems.addAll(RuleCheck.check(model, dynamicRoot(prefix), v1Root(pairs, prefix)));
        return new DecodedConfig(json, model, problems, layouts);
    }

    private static String dynamicRoot(String prefix) {
        String root = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        if (root.isEmpty()) {
            throw new IllegalArgumentException("--prefix: \"" + prefix + "\" (expected a root key such as traefik)");
        }
        return root;
    }

    /** Where the v1 keys actually are: {@code /traefik} (Traefik 1.x on etcd v3) or {@code traefik}. */
    private static String v1Root(List<KvPair> pairs, String prefix) {
        String bare = dynamicRoot(prefix);
        boolean slashed = pairs.stream().anyMatch(p -> p.key().startsWith("/" + bare + "/"));
        boolean plain = pairs.stream().anyMatch(p -> p.key().startsWith(bare + "/backends/")
                || p.key().startsWith(bare + "/frontends/"));
        return slashed && !plain ? "/" + bare : bare;
    }
}
