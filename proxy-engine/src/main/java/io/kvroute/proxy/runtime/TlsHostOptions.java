package io.kvroute.proxy.runtime;

import io.kvroute.kv.rule.RuleParser;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.tls.RuleHosts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which TLS options each host name gets on each TLS entry point, as Traefik decides it: the options of the TLS
 * routers whose rule names the host with {@code Host}; when routers of one host name different options, Traefik
 * falls back to {@code default} for that host, and so does this.
 */
final class TlsHostOptions {
    private TlsHostOptions() {
    }

    static Map<String, Map<String, String>> of(RoutingSnapshot routing) {
        Map<String, Map<String, String>> byEntryPoint = new HashMap<>();
        for (RouteEntry route : routing.routes()) {
            if (route.tls().isEmpty()) {
                continue;
            }
            List<String> hosts = RuleHosts.of(RuleParser.parse(route.match().router().rule(),
                    route.match().router().syntax()));
            route.tls().forEach((entryPoint, tls) -> {
                Map<String, String> options = byEntryPoint.computeIfAbsent(entryPoint, e -> new HashMap<>());
                for (String host : hosts) {
                    options.merge(host, tls.optionsName(),
                            (known, next) -> known.equals(next) ? known : RouterTls.DEFAULT_OPTIONS);
                }
            });
        }
        return byEntryPoint;
    }
}
