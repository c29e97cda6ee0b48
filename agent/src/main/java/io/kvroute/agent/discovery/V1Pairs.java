package io.kvroute.agent.discovery;

import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.V1KvEncoder;
import io.kvroute.kv.model.EncodedConfig;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.V1JsonMapper;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a merged config (v1-syntax rules) as Traefik 1.7 keys with kv-model's {@link V1JsonMapper} and
 * {@link V1KvEncoder}: {@code backends/<b>/servers/<id>/url|weight}, {@code frontends/<f>/backend},
 * {@code frontends/<f>/routes/<f>/rule}, entry points, and priority / pass-host-header / load-balancer method
 * only when they differ from Traefik 1.x's defaults (as for v2/v3, defaults are not written).
 */
final class V1Pairs {
    private static final Map<Pattern, String> DEFAULTS = Map.of(
            Pattern.compile("frontends/[^/]+/priority"), "0",
            Pattern.compile("frontends/[^/]+/passhostheader"), "true",
            Pattern.compile("backends/[^/]+/loadbalancer/method"), "wrr");

    private V1Pairs() {
    }

    static LayoutPairs encode(HttpConfig config, String v1Root) {
        EncodedConfig json = V1JsonMapper.toV1Json(config);
        EncodedPairs encoded = V1KvEncoder.encode(json.json(), v1Root);
        List<KvPair> pairs = encoded.pairs().stream().filter(pair -> !isDefault(pair, v1Root)).toList();
        List<Problem> problems = new ArrayList<>();
        for (Problem problem : json.problems()) {
            problems.add(new Problem(v1Root + "/" + problem.key(), problem.value(), problem.severity(),
                    problem.reason(), problem.entity()));
        }
        problems.addAll(encoded.problems());
        return new LayoutPairs(pairs, problems);
    }

    private static boolean isDefault(KvPair pair, String v1Root) {
        String relative = pair.key().substring(v1Root.length() + 1);
        return DEFAULTS.entrySet().stream()
                .anyMatch(entry -> entry.getKey().matcher(relative).matches() && entry.getValue().equals(pair.value()));
    }

    /** {@code <v1Root>/backends/<b>/servers}. */
    static String serversKey(String v1Root, String service) {
        return v1Root + "/backends/" + service + "/servers";
    }
}
