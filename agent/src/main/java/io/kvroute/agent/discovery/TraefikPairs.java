package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.EncodeOptions;
import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.config.ServerIdNaming;
import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.TraefikKvEncoder;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.ServerListStyle;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a merged config as v2/v3 pairs with kv-model's {@link TraefikKvEncoder}: canonical spellings, servers
 * named by their {@code ServerId}, values equal to Traefik's decode-time defaults skipped (so agents of different
 * versions write the same shared keys). For v2, servers carry no weight, and of the fields Traefik v2 does not know
 * only those actually declared are reported (a v3-only field at its default is simply not written). A router's
 * {@code ruleSyntax} is not written for v2: its rule is a Traefik v2 rule already, as Traefik v2 reads every rule.
 */
final class TraefikPairs {
    private TraefikPairs() {
    }

    static LayoutPairs encode(HttpConfig config, String prefix, Layout layout) {
        HttpConfig target = layout == Layout.V2 ? withoutWeights(config) : config;
        ObjectNode json = TraefikJsonMapper.toJson(target, ServerListStyle.ARRAY);
        if (layout == Layout.V2) {
            json.path("http").path("routers").forEach(router -> ((ObjectNode) router).remove("ruleSyntax"));
        }
        StructListNaming naming = ServerIdNaming.of(target, prefix);
        EncodedPairs v3 = TraefikKvEncoder.encode(json, prefix,
                new EncodeOptions(Layout.V3, naming, true));
        if (layout == Layout.V3) {
            return new LayoutPairs(v3.pairs(), v3.problems());
        }
        EncodedPairs v2 = TraefikKvEncoder.encode(json, prefix, new EncodeOptions(Layout.V2, naming, true));
        Set<String> v3Keys = v3.pairs().stream().map(KvPair::key).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>(v3.problems());
        for (Problem problem : v2.problems()) {
            boolean declared = v3Keys.stream().anyMatch(key -> key.equals(problem.key())
                    || key.startsWith(problem.key() + "/"));
            if (!v3.problems().contains(problem) && declared) {
                problems.add(problem);
            }
        }
        return new LayoutPairs(v2.pairs(), problems);
    }

    private static HttpConfig withoutWeights(HttpConfig config) {
        HttpConfig result = config;
        for (var service : config.services().values()) {
            if (service instanceof LoadBalancerService lb) {
                result = result.withService(lb.withServers(lb.servers().stream()
                        .map(server -> new Server(server.id(), server.url(), OptionalLong.empty(),
                                server.preservePath()))
                        .toList()));
            }
        }
        return result;
    }
}
