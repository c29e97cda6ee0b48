package io.kvroute.agent.discovery;

import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.V1KvEncoder;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.model.EncodedConfig;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.V1JsonMapper;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a merged config (v1-syntax rules) as Traefik 1.7 keys with kv-model's {@link V1JsonMapper} and
 * {@link V1KvEncoder}: {@code backends/<b>/servers/<id>/url|weight}, {@code frontends/<f>/backend},
 * {@code frontends/<f>/routes/<f>/rule}, entry points, and priority / pass-host-header / load-balancer method
 * only when they differ from Traefik 1.x's defaults (as for v2/v3, defaults are not written).
 */
final class V1Pairs {
    private V1Pairs() {
    }

    static LayoutPairs encode(HttpConfig config, V1Keys keys) {
        EncodedConfig json = V1JsonMapper.toV1Json(config);
        EncodedPairs encoded = V1KvEncoder.encode(json.json(), keys.root());
        List<KvPair> pairs = encoded.pairs().stream()
                .filter(pair -> !keys.isProviderDefault(pair.key(), pair.value())).toList();
        List<Problem> problems = new ArrayList<>();
        for (Problem problem : json.problems()) {
            problems.add(new Problem(keys.root() + "/" + problem.key(), problem.value(), problem.severity(),
                    problem.reason(), problem.entity()));
        }
        problems.addAll(encoded.problems());
        return new LayoutPairs(pairs, problems);
    }
}
