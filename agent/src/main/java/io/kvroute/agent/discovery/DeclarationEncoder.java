package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.DesiredState;
import io.kvroute.agent.registration.ServerRegistration;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.rule.RuleFormatter;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Encodes the declarations of this agent (containers and the services file) in the target layout as its
 * {@link DesiredState}:
 * <ul>
 *   <li>one {@link ServerRegistration} per server, id {@code <node>--<instance>}, under
 *       {@code <prefix>/http/services/<s>/loadBalancer/servers/<id>/} ({@code url}, and {@code weight} on v3) or, for
 *       v1, {@code <v1Root>/backends/<s>/servers/<id>/} ({@code url}, {@code weight});</li>
 *   <li>shared keys for routers, service-level load-balancer settings and middlewares, in canonical spelling and
 *       byte order, without decode-time defaults, so identical declarations on different nodes give identical
 *       keys.</li>
 * </ul>
 * Draining sources' servers get weight 0 (v3, v1) or are removed (v2, which has no weight; a service left without
 * servers is then left out with its routers). Rules are converted to the target syntax; a rule the target cannot
 * express leaves its router out with an error. Two sources declaring one router, service or middleware differently:
 * the first in {@link Origin} order is kept and the conflict reported. TCP and UDP routes are written by
 * {@link TransportPairs} with the same server ownership.
 */
public final class DeclarationEncoder {
    private DeclarationEncoder() {
    }

    public static EncodedDeclarations encode(Collection<Declaration> declarations, BuildSettings settings,
            Set<Origin> draining) {
        requireNonNull(declarations, "declarations");
        requireNonNull(settings, "settings");
        requireNonNull(draining, "draining");
        boolean v1 = settings.layout() == Layout.V1;
        DynamicKeys dynamicKeys = settings.dynamicKeys();
        DeclarationMerge.EntityKeys keys = v1
                ? new DeclarationMerge.EntityKeys(settings.v1Keys().frontends(), settings.v1Keys().backends(),
                        dynamicKeys.middlewares())
                : new DeclarationMerge.EntityKeys(dynamicKeys.routers(), dynamicKeys.services(),
                        dynamicKeys.middlewares());
        DeclarationMerge.Result merged = DeclarationMerge.merge(declarations, settings.node(), draining,
                settings.layout() == Layout.V2, keys);
        List<Problem> problems = new ArrayList<>(merged.problems());
        HttpConfig config = withoutEmptyServices(merged.config());
        config = withRuleSyntax(config, v1 ? RuleSyntax.V1 : RuleSyntax.V3, keys.routers(), problems);
        boolean noHttp = config.routers().isEmpty() && config.services().isEmpty() && config.middlewares().isEmpty();
        LayoutPairs pairs = noHttp ? new LayoutPairs(List.of(), List.of())
                : v1 ? V1Pairs.encode(config, settings.v1Keys())
                : TraefikPairs.encode(config, settings.prefix(), settings.layout());
        problems.addAll(pairs.problems());
        DesiredState http = split(pairs.pairs(), merged.servers(), settings);
        TransportPairs.Result transport = TransportPairs.encode(declarations, settings, draining);
        problems.addAll(transport.problems());
        List<ServerRegistration> servers = new ArrayList<>(http.servers());
        servers.addAll(transport.servers());
        List<KvPair> shared = new ArrayList<>(http.shared());
        shared.addAll(transport.shared());
        return new EncodedDeclarations(new DesiredState(servers, shared), problems);
    }

    /** Leaves out load balancers without servers (all drained on v2) and the routers that send to them. */
    private static HttpConfig withoutEmptyServices(HttpConfig config) {
        Map<String, Router> routers = new TreeMap<>(config.routers());
        Map<String, Service> services = new TreeMap<>(config.services());
        for (var service : config.services().values()) {
            if (service instanceof LoadBalancerService lb && lb.servers().isEmpty()) {
                services.remove(lb.name());
                routers.values().removeIf(router -> router.service().equals(lb.name()));
            }
        }
        return new HttpConfig(new TreeMap<>(routers), new TreeMap<>(services), config.middlewares());
    }

    private static HttpConfig withRuleSyntax(HttpConfig config, RuleSyntax target, String routersKey,
            List<Problem> problems) {
        TreeMap<String, Router> routers = new TreeMap<>();
        for (Router router : config.routers().values()) {
            if (router.syntax() == target || (target == RuleSyntax.V3 && router.syntax() == RuleSyntax.V2)) {
                routers.put(router.name(), router);
                continue;
            }
            try {
                var expr = RuleParser.parse(router.rule(), router.syntax()).expr();
                String converted = target == RuleSyntax.V1 ? RuleFormatter.toV1(expr) : RuleFormatter.toV3(expr);
                routers.put(router.name(), router.withRule(converted, target));
            } catch (RuleSyntaxException | IllegalArgumentException e) {
                problems.add(Problem.error(routersKey + "/" + router.name(), router.rule(), "rule cannot be written in "
                        + (target == RuleSyntax.V1 ? "Traefik v1" : "Traefik v2/v3") + " syntax: " + e.getMessage()
                        + "; router left out", EntityRef.router(router.name())));
            }
        }
        return new HttpConfig(routers, new TreeMap<>(config.services()), new TreeMap<>(config.middlewares()));
    }

    private static DesiredState split(List<KvPair> pairs, List<OwnedServer> servers, BuildSettings settings) {
        Map<String, OwnedServer> byPrefix = new LinkedHashMap<>();
        for (OwnedServer server : servers) {
            String list = settings.layout() == Layout.V1 ? settings.v1Keys().serverList(server.service())
                    : settings.dynamicKeys().serverList(server.service());
            byPrefix.put(list + "/" + server.id().value() + "/", server);
        }
        Map<String, List<KvPair>> owned = new TreeMap<>();
        List<KvPair> shared = new ArrayList<>();
        for (KvPair pair : pairs) {
            String prefix = serverPrefix(pair.key());
            if (prefix != null && byPrefix.containsKey(prefix)) {
                owned.computeIfAbsent(prefix, p -> new ArrayList<>()).add(pair);
            } else {
                shared.add(pair);
            }
        }
        List<ServerRegistration> registrations = new ArrayList<>();
        owned.forEach((prefix, keys) -> registrations.add(new ServerRegistration(prefix, byPrefix.get(prefix).id(),
                keys)));
        return new DesiredState(registrations, shared);
    }

    /** {@code .../servers/<id>/} of a server key, or null. */
    private static String serverPrefix(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? null : key.substring(0, slash + 1);
    }
}
