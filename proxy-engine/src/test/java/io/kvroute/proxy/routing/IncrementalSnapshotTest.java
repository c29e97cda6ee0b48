package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.MirroringBalancer;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.balancer.WeightedBalancer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot built from the one before, which redoes only what changed, routes as one built from nothing: after
 * random puts and deletes through the real decoder (kept per entity, as the proxy keeps it), both have the same
 * routes in the same order (rule, priority, entry points, service, middlewares; and each entry point's plain and TLS
 * routes), the same exclusions, balancers and
 * middlewares; and every route and weighted service uses the balancer and middleware instances of its own snapshot.
 * Middleware d is always a chain (of a, b, c, itself...), so routers also go through chains whose members change;
 * service d is weighted, f mirroring and g failover, over the others and each other, with and without health checks.
 */
class IncrementalSnapshotTest {
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g"};
    private static final String[] ROUTER_FIELDS = {"rule", "rule", "rule", "service", "service", "service",
        "middlewares/0", "middlewares/1", "priority", "priority", "entryPoints/0", "tls"};
    /** Routers beside the random ones: with about 50 routers in all, a change of one or two keeps an overlay. */
    private static final int BYSTANDERS = 48;
    private static final String[] SERVICE_FIELDS = {"loadBalancer/servers/n1/url", "loadBalancer/servers/n2/url",
        "loadBalancer/servers/n1/weight", "loadBalancer/passHostHeader", "loadBalancer/healthCheck/path",
        "loadBalancer/strategy", "weighted/services/0/name", "weighted/services/0/weight", "weighted/services/1/name",
        "weighted/healthCheck", "mirroring/service", "mirroring/mirrors/0/name", "mirroring/mirrors/0/percent",
        "mirroring/mirrors/1/name", "mirroring/healthCheck", "failover/service", "failover/fallback",
        "loadBalancer/serversTransport"};
    /** The ranges of {@link #SERVICE_FIELDS} that services of one kind take: load balancer, weighted, ... */
    private static final int[][] SERVICE_KINDS = {{0, 6}, {6, 10}, {10, 15}, {15, 17}};
    private static final String[] MIDDLEWARE_FIELDS = {"stripPrefix/prefixes/0", "addPrefix/prefix",
        "headers/customRequestHeaders/X-A", "rateLimit/average", "chain/middlewares/0", "chain/middlewares/1"};
    private static final String[] TRANSPORT_KEYS = {"traefik/http/serversTransports/t/forwardingTimeouts/dialTimeout",
        "traefik/http/serversTransports/t/serverName"};
    private static final String[] VALUES = {"Host(`a.test`)", "Host(`b.test`)", "Host(`a.test`", "PathPrefix(`/x`)",
        "a", "b", "c", "d", "e", "x@file", "a@etcd", "missing", "web", "other", "5", "-1", "0", "true", "x",
        "http://127.0.0.1:80", "http://10.0.0.1:8080", "not a url", "/x", "/health", "1s", "t", "v2", "3"};

    private final SnapshotBuilder builder = new SnapshotBuilder("etcd", DynamicKeys.under("traefik"),
            Set.of("web", "websecure"), Map.of("websecure", RouterTls.of(RouterTls.DEFAULT_OPTIONS, "")),
            UsabilityView.allUp(), Clock.systemUTC());

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aSnapshotBuiltFromTheOneBeforeRoutesAsOneBuiltFromNothing(long seed) {
        Random random = new Random(seed);
        IncrementalConfig config = new IncrementalConfig("traefik");
        TreeMap<String, String> pairs = new TreeMap<>();
        RoutingSnapshot incremental = RoutingSnapshot.empty();
        int routed = 0;
        Set<String> kinds = new java.util.TreeSet<>();
        for (int batch = 0; batch < 150; batch++) {
            List<KvEvent> changes = new ArrayList<>(batch % 10 == 0 ? routable(pairs, batch) : List.of());
            if (batch == 0) {
                changes.addAll(bystanders());
            }
            int size = 1 + random.nextInt(random.nextInt(8) == 0 ? 12 : 3);
            for (int i = 0; i < size; i++) {
                if (!pairs.isEmpty() && random.nextInt(10) < 2) {
                    String key = new ArrayList<>(pairs.keySet()).get(random.nextInt(pairs.size()));
                    pairs.remove(key);
                    changes.add(KvEvent.delete(key, batch));
                } else {
                    String key = randomKey(random);
                    String value = randomValue(key, random);
                    pairs.put(key, value);
                    changes.add(KvEvent.put(key, value, batch));
                }
            }
            DecodedConfig decoded = config.apply(changes);
            ConfigVersion version = new ConfigVersion(batch, Instant.EPOCH);

            incremental = builder.build(decoded, version, incremental);
            RoutingSnapshot full = builder.build(decoded, version, RoutingSnapshot.empty());

            String context = "seed " + seed + ", batch " + batch + " " + changes;
            assertThat(describe(incremental)).as(context).isEqualTo(describe(full));
            assertOwnInstances(incremental, context);
            routed += incremental.routes().size();
            incremental.balancers().balancers().values().forEach(balancer -> kinds.add(kind(balancer)));
        }
        assertThat(routed).as("routes over all batches").isGreaterThan(20);
        assertThat(kinds).as("balancers built over all batches").contains("FailoverBalancer", "MirroringBalancer",
                "WeightedBalancer", "ServerBalancer WRR");
    }

    /**
     * Routers that no random key touches, enough of them (beside the random ones) that a change redoing a few routers
     * is kept beside the table of router outcomes instead of merged into it (RouterOutcomes).
     */
    private static List<KvEvent> bystanders() {
        List<KvEvent> events = new ArrayList<>();
        events.add(KvEvent.put("traefik/http/services/bystander/loadBalancer/servers/0/url", "http://127.0.0.1:81", 0));
        for (int i = 0; i < BYSTANDERS; i++) {
            String router = "traefik/http/routers/bystander" + i + "/";
            events.add(KvEvent.put(router + "rule", "Host(`bystander" + i + ".test`)", 0));
            events.add(KvEvent.put(router + "service", i % 2 == 0 ? "a" : "bystander", 0));
            if (i % 3 == 0) {
                events.add(KvEvent.put(router + "tls", "true", 0));
            }
        }
        return events;
    }

    private static String kind(ServiceBalancer balancer) {
        return balancer instanceof ServerBalancer server ? "ServerBalancer " + server.spec().strategy()
                : balancer.getClass().getSimpleName();
    }

    @Test
    void aRouterWhoseServiceAndMiddlewaresAreUnchangedKeepsItsRouteInstance() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        config.apply(List.of(KvEvent.put("traefik/http/routers/a/rule", "Host(`a.test`)", 1),
                KvEvent.put("traefik/http/routers/a/service", "a", 1),
                KvEvent.put("traefik/http/routers/b/rule", "Host(`b.test`)", 1),
                KvEvent.put("traefik/http/routers/b/service", "b", 1),
                KvEvent.put("traefik/http/services/a/loadBalancer/servers/n1/url", "http://127.0.0.1:80", 1),
                KvEvent.put("traefik/http/services/b/loadBalancer/servers/n1/url", "http://127.0.0.1:81", 1)));
        RoutingSnapshot first = builder.build(config.current(), new ConfigVersion(1, Instant.EPOCH),
                RoutingSnapshot.empty());

        RoutingSnapshot second = builder.build(config.apply(List.of(
                KvEvent.put("traefik/http/services/b/loadBalancer/servers/n1/url", "http://127.0.0.1:82", 2))),
                new ConfigVersion(2, Instant.EPOCH), first);

        assertThat(route(second, "a")).isSameAs(route(first, "a"));
        assertThat(route(second, "b")).isNotSameAs(route(first, "b"));
        assertThat(route(second, "b").match().balancer().servers().get(0).url()).isEqualTo("http://127.0.0.1:82");
    }

    @Test
    void aChangedMemberOfAChainOfChainsRedoesEveryRouterUsingItAndOnlyThose() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        List<KvEvent> puts = new ArrayList<>();
        Map.of("through-chains", "outer", "direct", "a", "unrelated", "b").forEach((router, middleware) -> {
            puts.add(KvEvent.put("traefik/http/routers/" + router + "/rule", "Host(`" + router + ".test`)", 1));
            puts.add(KvEvent.put("traefik/http/routers/" + router + "/service", "s", 1));
            puts.add(KvEvent.put("traefik/http/routers/" + router + "/middlewares/0", middleware, 1));
        });
        puts.add(KvEvent.put("traefik/http/services/s/loadBalancer/servers/n1/url", "http://127.0.0.1:80", 1));
        puts.add(KvEvent.put("traefik/http/middlewares/outer/chain/middlewares/0", "inner", 1));
        puts.add(KvEvent.put("traefik/http/middlewares/inner/chain/middlewares/0", "a", 1));
        puts.add(KvEvent.put("traefik/http/middlewares/a/addPrefix/prefix", "/one", 1));
        puts.add(KvEvent.put("traefik/http/middlewares/b/addPrefix/prefix", "/b", 1));
        RoutingSnapshot first = builder.build(config.apply(puts), new ConfigVersion(1, Instant.EPOCH),
                RoutingSnapshot.empty());

        RoutingSnapshot second = builder.build(config.apply(List.of(
                KvEvent.put("traefik/http/middlewares/a/addPrefix/prefix", "/two", 2))),
                new ConfigVersion(2, Instant.EPOCH), first);

        assertThat(second.routersChangedSince(first)).contains(Set.of("through-chains", "direct"));
        assertThat(route(second, "unrelated")).isSameAs(route(first, "unrelated"));
        assertThat(route(second, "through-chains").match().middlewares())
                .containsExactly(second.middlewares().get("a"));
        assertThat(second.middlewares().get("a")).isEqualTo(new io.kvroute.kv.model.AddPrefix("a", "/two"));
        assertThat(route(second, "through-chains").match().router().middlewares()).containsExactly("outer");

        RoutingSnapshot third = builder.build(config.apply(List.of(
                KvEvent.put("traefik/http/middlewares/inner/chain/middlewares/1", "later", 3))),
                new ConfigVersion(3, Instant.EPOCH), second);

        assertThat(third.routeOf("through-chains")).isEmpty();
        assertThat(third.exclusions()).extracting(Exclusion::toLine)
                .containsExactly("router through-chains: middleware chain inner: member later does not exist");

        RoutingSnapshot fourth = builder.build(config.apply(List.of(
                KvEvent.put("traefik/http/middlewares/later/addPrefix/prefix", "/later", 4))),
                new ConfigVersion(4, Instant.EPOCH), third);

        assertThat(route(fourth, "through-chains").match().middlewareNames()).containsExactly("a", "later");
        assertThat(fourth.exclusions()).isEmpty();
    }

    private static RouteEntry route(RoutingSnapshot snapshot, String router) {
        return snapshot.routes().stream().filter(route -> route.name().equals(router)).findFirst().orElseThrow();
    }

    /** What a snapshot routes and leaves out, as text that does not depend on instances. */
    private static List<String> describe(RoutingSnapshot snapshot) {
        List<String> lines = new ArrayList<>();
        for (RouteEntry route : snapshot.routes()) {
            lines.add("route " + route.name() + " " + route.priority() + " "
                    + route.entryPoints().stream().sorted().toList() + " " + route.match().router().rule() + " -> "
                    + route.match().balancer().service() + " via " + route.match().middlewareNames() + " tls "
                    + route.tls());
        }
        for (String entryPoint : new java.util.TreeSet<>(snapshot.entryPoints())) {
            for (boolean tls : new boolean[] {false, true}) {
                lines.add((tls ? "tls " : "plain ") + entryPoint + " "
                        + snapshot.routesServing(entryPoint, tls).stream().map(RouteEntry::name).toList());
            }
        }
        snapshot.exclusions().forEach(exclusion -> lines.add("excluded " + exclusion.toLine()));
        snapshot.leftOutTlsRouters().stream()
                .map(leftOut -> "left out tls " + leftOut.router().name() + " " + new TreeMap<>(leftOut.options()))
                .sorted().forEach(lines::add);
        for (RouteEntry route : snapshot.routes()) {
            lines.add("route of " + route.name() + " " + (snapshot.routeOf(route.name()).orElse(null) == route));
        }
        for (String router : NAMES) {
            lines.add("route of " + router + " " + snapshot.routeOf(router).map(RouteEntry::name));
        }
        for (int i = 0; i < BYSTANDERS; i++) {
            lines.add("route of bystander" + i + " " + snapshot.routeOf("bystander" + i).map(RouteEntry::name));
        }
        snapshot.balancers().balancers().forEach((name, balancer) -> lines.add("balancer " + name + " "
                + balancerText(balancer)));
        snapshot.middlewares().forEach((name, middleware) -> lines.add("middleware " + name + " " + middleware));
        new TreeMap<>(snapshot.balancedServices()).forEach((name, service) -> lines.add("balanced " + name));
        return lines;
    }

    private static String balancerText(ServiceBalancer balancer) {
        if (balancer instanceof ServerBalancer server) {
            return server.spec().toString();
        }
        if (balancer instanceof MirroringBalancer mirroring) {
            return "mirroring " + mirroring.main().service() + " " + mirroring.mirrors().stream()
                    .map(mirror -> mirror.balancer().service() + "=" + mirror.percent()).toList() + " "
                    + mirroring.body();
        }
        if (balancer instanceof FailoverBalancer failover) {
            return "failover " + failover.main().service() + " " + failover.fallback().service();
        }
        WeightedBalancer weighted = (WeightedBalancer) balancer;
        return "weighted " + weighted.children().stream()
                .map(child -> child.balancer().service() + "=" + child.weight()).toList() + " " + weighted.sticky();
    }

    /** The balancers a weighted, mirroring or failover balancer sends requests (or copies) to. */
    private static List<ServiceBalancer> children(ServiceBalancer balancer) {
        List<ServiceBalancer> children = new ArrayList<>();
        if (balancer instanceof WeightedBalancer weighted) {
            weighted.children().forEach(child -> children.add(child.balancer()));
        } else if (balancer instanceof MirroringBalancer mirroring) {
            children.add(mirroring.main());
            mirroring.mirrors().forEach(mirror -> children.add(mirror.balancer()));
        } else if (balancer instanceof FailoverBalancer failover) {
            children.add(failover.main());
            children.add(failover.fallback());
        }
        return children;
    }

    private static void assertOwnInstances(RoutingSnapshot snapshot, String context) {
        for (RouteEntry route : snapshot.routes()) {
            ServiceBalancer balancer = route.match().balancer();
            assertThat(snapshot.balancers().balancer(balancer.service())).as(context).containsSame(balancer);
            for (Middleware middleware : route.match().middlewares()) {
                assertThat(snapshot.middlewares().get(middleware.name())).as(context).isSameAs(middleware);
            }
        }
        snapshot.balancers().balancers().values().stream()
                .flatMap(parent -> children(parent).stream())
                .forEach(child -> assertThat(snapshot.balancers().balancer(child.service())).as(context)
                        .containsSame(child));
    }

    /**
     * Puts that make routers a, b and c route to services a, b and c again, d to a weighted service over a and b, f to
     * a mirroring of a into b, g to a failover from a (health checked) to b (services a, b, f and g lose their other
     * keys), unless other keys break them.
     */
    private static List<KvEvent> routable(Map<String, String> pairs, long revision) {
        Map<String, String> keys = new TreeMap<>();
        for (String name : List.of("a", "b", "c", "d", "f", "g")) {
            keys.put("traefik/http/routers/" + name + "/rule", "Host(`" + name + ".test`)");
            keys.put("traefik/http/routers/" + name + "/service", name);
        }
        for (String name : List.of("a", "b", "c")) {
            keys.put("traefik/http/services/" + name + "/loadBalancer/servers/n1/url", "http://127.0.0.1:80");
        }
        keys.put("traefik/http/services/a/loadBalancer/healthCheck/path", "/health");
        keys.put("traefik/http/services/d/weighted/services/0/name", "a");
        keys.put("traefik/http/services/d/weighted/services/1/name", "b");
        keys.put("traefik/http/services/f/mirroring/service", "a");
        keys.put("traefik/http/services/f/mirroring/mirrors/0/name", "b");
        keys.put("traefik/http/services/f/mirroring/mirrors/0/percent", "50");
        keys.put("traefik/http/services/g/failover/service", "a");
        keys.put("traefik/http/services/g/failover/fallback", "b");
        List<KvEvent> puts = new ArrayList<>();
        for (String key : List.copyOf(pairs.keySet())) {
            if (key.matches("traefik/http/services/[abfg]/.*") && !keys.containsKey(key)) {
                pairs.remove(key);
                puts.add(KvEvent.delete(key, revision));
            }
        }
        keys.forEach((key, value) -> {
            pairs.put(key, value);
            puts.add(KvEvent.put(key, value, revision));
        });
        return puts;
    }

    /** Mostly a value that suits the key's field, so that many routers route; sometimes any value. */
    private static String randomValue(String key, Random random) {
        String field = key.substring(key.lastIndexOf('/') + 1);
        String[] suitable = key.contains("/entryPoints/") ? new String[] {"web", "websecure", "other"}
                : key.contains("/routers/") && key.contains("/middlewares/") ? new String[] {"a", "b", "c", "d"}
                : key.contains("/chain/middlewares/") ? new String[] {"a", "b", "c", "a@etcd", "d"}
                : switch (field) {
            case "rule" -> new String[] {"Host(`a.test`)", "Host(`b.test`)", "PathPrefix(`/x`)"};
            case "service", "name", "fallback", "0", "1" -> key.contains("/prefixes/") ? new String[] {"/x"} : NAMES;
            case "healthCheck" -> new String[] {""};
            case "percent" -> new String[] {"10", "50", "100", "101"};
            case "strategy" -> new String[] {"wrr", "p2c", "hrw", "leasttime"};
            case "url" -> new String[] {"http://127.0.0.1:80", "http://10.0.0.1:8080"};
            case "weight", "priority", "average" -> new String[] {"1", "3", "0"};
            default -> VALUES;
                };
        return random.nextInt(6) == 0 ? VALUES[random.nextInt(VALUES.length)]
                : suitable[random.nextInt(suitable.length)];
    }

    /**
     * A key of a router, service, middleware or transport; services d and e and middleware e take any field (so they
     * are often of several types), middleware d is a chain, the others keep to one type, so that many routers route.
     */
    private static String randomKey(Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return TRANSPORT_KEYS[random.nextInt(TRANSPORT_KEYS.length)];
        }
        int index = random.nextInt(NAMES.length);
        String name = NAMES[index];
        if (kind < 8) {
            return "traefik/http/routers/" + name + "/" + ROUTER_FIELDS[random.nextInt(ROUTER_FIELDS.length)];
        }
        if (kind < 16) {
            int[] range = index < 3 ? SERVICE_KINDS[0] : index == 3 ? SERVICE_KINDS[1] : index == 5 ? SERVICE_KINDS[2]
                    : index == 6 ? SERVICE_KINDS[3] : new int[] {0, SERVICE_FIELDS.length};
            int field = range[0] + random.nextInt(range[1] - range[0]);
            return "traefik/http/services/" + name + "/" + SERVICE_FIELDS[field];
        }
        index = index % 5;
        int field = index < 3 ? index % 3 : index == 3 ? 4 + random.nextInt(2)
                : random.nextInt(MIDDLEWARE_FIELDS.length);
        return "traefik/http/middlewares/" + NAMES[index] + "/" + MIDDLEWARE_FIELDS[field];
    }
}
