package io.kvroute.kv.config;

import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names {@code <prefix>/http/services/<s>/loadBalancer/servers} children by the model's server ids when encoding
 * (so an agent writes {@code servers/node1--web-8080/url}, never {@code servers/0/url}); other lists by index.
 * The inverse of {@link ServerKeyIds}.
 */
public final class ServerIdNaming {
    private ServerIdNaming() {
    }

    public static StructListNaming of(HttpConfig config, String prefix) {
        DynamicKeys keys = DynamicKeys.under(prefix);
        Map<String, List<String>> ids = new HashMap<>();
        for (var service : config.services().values()) {
            if (service instanceof LoadBalancerService lb) {
                ids.put(keys.serverList(lb.name()), lb.servers().stream().map(Server::id).toList());
            }
        }
        StructListNaming byIndex = StructListNaming.decimalIndex();
        return (listKey, index, size, element) -> {
            List<String> names = ids.get(listKey);
            return names != null && index < names.size() ? names.get(index)
                    : byIndex.childName(listKey, index, size, element);
        };
    }
}
