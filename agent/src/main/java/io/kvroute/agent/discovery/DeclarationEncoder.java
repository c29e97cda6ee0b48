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
import io.kvroute.kv.rule.RuleExpr;
import io.kvroute.kv.rule.RuleFormatter;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * servers is then left out with its routers). Rules are written in the syntax the target reads: v1 rules for v1;
 * for v2, Traefik v2 rules (v1 rules, and v3 rules whose matchers mean the same in v2, converted; Traefik v2 reads
 * no {@code ruleSyntax}); for v3, v3 rules and v2
 * rules (with {@code ruleSyntax=v2}), v1 rules converted to v3 rules that match the same requests. A rule that does
 * not parse in its syntax, or that the target cannot express, leaves its router out with an error. Two sources declaring one router, service or middleware differently:
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
        config = withRuleSyntax(config, settings.layout(), keys.routers(), problems);
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

    private static HttpConfig withRuleSyntax(HttpConfig config, Layout layout, String routersKey,
            List<Problem> problems) {
        TreeMap<String, Router> routers = new TreeMap<>();
        for (Router router : config.routers().values()) {
            try {
                routers.put(router.name(), inLayoutSyntax(router, layout));
            } catch (RuleSyntaxException | IllegalArgumentException e) {
                problems.add(Problem.error(routersKey + "/" + router.name(), router.rule(), "rule cannot be written in "
                        + "Traefik " + layout.name().toLowerCase(Locale.ROOT) + " syntax: " + e.getMessage()
                        + "; router left out", EntityRef.router(router.name())));
            }
        }
        return new HttpConfig(routers, new TreeMap<>(config.services()), new TreeMap<>(config.middlewares()));
    }

    /**
     * {@code router} with its rule in a syntax {@code layout} reads.
     *
     * @throws RuleSyntaxException if the rule does not parse in the router's syntax
     * @throws IllegalArgumentException if the layout's syntax cannot express it
     */
    private static Router inLayoutSyntax(Router router, Layout layout) {
        RuleExpr expr = RuleParser.parse(router.rule(), router.syntax()).expr();
        return switch (layout) {
            case V1 -> router.syntax() == RuleSyntax.V1 ? router
                    : router.withRule(RuleFormatter.toV1(expr), RuleSyntax.V1);
            case V2 -> switch (router.syntax()) {
                case V1 -> router.withRule(RuleFormatter.v1ToV2(expr), RuleSyntax.V2);
                case V2 -> router;
                case V3 -> router.withRule(RuleFormatter.v3ToV2(expr), RuleSyntax.V2);
            };
            case V3 -> router.syntax() == RuleSyntax.V1
                    ? router.withRule(RuleFormatter.v1ToV3(expr), RuleSyntax.V3) : router;
        };
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
