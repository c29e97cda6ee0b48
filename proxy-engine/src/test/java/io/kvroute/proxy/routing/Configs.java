package io.kvroute.proxy.routing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Test helpers that build decoded configurations from model objects. */
final class Configs {
    private Configs() {
    }

    static DecodedConfig decoded(List<Router> routers, List<? extends Service> services,
            List<? extends Middleware> middlewares, List<Problem> problems) {
        return new DecodedConfig(JsonNodeFactory.instance.objectNode(), HttpConfig.of(routers, services, middlewares),
                problems, Set.of());
    }

    static DecodedConfig decoded(List<Router> routers, List<? extends Service> services) {
        return decoded(routers, services, List.of(), List.of());
    }

    /** A {@code chain} middleware listing {@code members}, as the decoder gives it. */
    static OpaqueMiddleware chain(String name, String... members) {
        ImmutableSortedMap.Builder<String, RawValue> values = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < members.length; i++) {
            values.put("middlewares/" + i, RawValue.string(members[i]));
        }
        return new OpaqueMiddleware(name, "chain", new RawSettings(values.build(), ImmutableSortedSet.of("middlewares")));
    }

    /** A service with servers s1..sN at http://&lt;service&gt;-&lt;i&gt;:8080, weights as given. */
    static LoadBalancerService service(String name, int... weights) {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(Server.of("s" + (i + 1), "http://" + name + "-" + (i + 1) + ":8080").withWeight(weights[i]));
        }
        return LoadBalancerService.of(name, servers);
    }
}
