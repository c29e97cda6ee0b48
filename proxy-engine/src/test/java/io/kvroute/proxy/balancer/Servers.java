package io.kvroute.proxy.balancer;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helpers: servers named a, b, c... of one service at http://&lt;name&gt;:80, and balancers over them. */
final class Servers {
    private Servers() {
    }

    static BalancedServer server(String service, String id, long weight) {
        String url = "http://" + id + ".internal:80";
        return new BalancedServer(new ServerKey(service, id), url, URI.create(url), weight, false);
    }

    /** Servers a, b, c, ... with the given weights. */
    static List<BalancedServer> weighted(String service, long... weights) {
        List<BalancedServer> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(server(service, String.valueOf((char) ('a' + i)), weights[i]));
        }
        return servers;
    }

    static ServerBalancer balancer(UsabilityView health, Clock clock, String service, long... weights) {
        return new ServerBalancer(new ServerBalancer.Spec(service, weighted(service, weights), true, Optional.empty()),
                health, clock);
    }

    static ServerBalancer balancer(String service, long... weights) {
        return balancer(UsabilityView.allUp(), Clock.systemUTC(), service, weights);
    }

    /** The server ids of {@code count} picks without exclusions or cookies, joined. */
    static String sequence(ServiceBalancer balancer, int count) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ids.append(balancer.pick().orElseThrow().key().serverId());
        }
        return ids.toString();
    }
}
