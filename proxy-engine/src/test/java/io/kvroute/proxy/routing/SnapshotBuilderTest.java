package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.Configs.chain;
import static io.kvroute.proxy.routing.Configs.decoded;
import static io.kvroute.proxy.routing.Configs.service;
import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.AddPrefix;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.OpaqueService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.balancer.ServiceBalancer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {
    private static final ConfigVersion VERSION = new ConfigVersion(42, Instant.parse("2026-01-01T00:00:00Z"));

    private final SnapshotBuilder builder = new SnapshotBuilder(Set.of("web", "websecure"), UsabilityView.allUp(),
            Clock.systemUTC());

    @Test
    void routesAreOrderedByEffectivePriorityThenName() {
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("short", "PathPrefix(`/`)", "api"),
                Router.of("long", "Host(`a.com`) && PathPrefix(`/api`)", "api"),
                Router.of("explicit", "PathPrefix(`/`)", "api").withPriority(1000),
                Router.of("tie-b", "Path(`/b`)", "api"),
                Router.of("tie-a", "Path(`/a`)", "api"),
                Router.ofV1Routes("frontend", ImmutableSortedMap.of("r1", "Host:a.com", "r2", "Path:/v1"), "api")),
                List.of(service("api", 1))));
        assertThat(snapshot.routes()).extracting(RouteEntry::name, RouteEntry::priority).containsExactly(
                tuple("explicit", 1000L), tuple("long", 35L), tuple("frontend", 18L), tuple("short", 15L),
                tuple("tie-a", 10L), tuple("tie-b", 10L));
    }

    /** Priorities are Traefik's 64-bit Go ints: 2^40 + 1 goes before 2^40, -2^40 after every default priority. */
    @Test
    void routesAreOrderedBy64BitPriorities() {
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("low", "PathPrefix(`/`)", "api").withPriority(-(1L << 40)),
                Router.of("default", "PathPrefix(`/`)", "api"),
                Router.of("above-int", "PathPrefix(`/`)", "api").withPriority(1L << 31),
                Router.of("big", "PathPrefix(`/`)", "api").withPriority(1L << 40),
                Router.of("bigger", "PathPrefix(`/`)", "api").withPriority((1L << 40) + 1),
                Router.of("lowest", "PathPrefix(`/`)", "api").withPriority(Long.MIN_VALUE)),
                List.of(service("api", 1))));
        assertThat(snapshot.routes()).extracting(RouteEntry::name).containsExactly(
                "bigger", "big", "above-int", "default", "low", "lowest");
        assertThat(snapshot.route(get("a.com", "/"), "web", false).orElseThrow().routerName()).isEqualTo("bigger");
    }

    @Test
    void routeReturnsHighestPriorityMatchForEntryPoint() {
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("catch-all", "PathPrefix(`/`)", "web"),
                Router.of("api", "Host(`a.com`) && PathPrefix(`/api`)", "api").withMiddlewares(List.of("add@etcd")),
                Router.of("secure-only", "Host(`a.com`) && PathPrefix(`/api/admin`)", "api")
                        .withEntryPoints(List.of("websecure", "other"))),
                List.of(service("api", 1), service("web", 1)), List.of(new AddPrefix("add", "/p")), List.of()));

        RouteMatch api = snapshot.route(get("a.com", "/api/admin"), "web", false).orElseThrow();
        assertThat(api.routerName()).isEqualTo("api");
        assertThat(api.balancer().service()).isEqualTo("api");
        assertThat(api.middlewareNames()).containsExactly("add");
        assertThat(api.middlewares()).containsExactly(new AddPrefix("add", "/p"));
        assertThat(api.rewrites()).isEqualTo(PathRewrites.NONE);
        assertThat(snapshot.route(get("a.com", "/api/admin"), "websecure", false).orElseThrow().routerName())
                .isEqualTo("secure-only");
        assertThat(snapshot.route(get("b.com", "/x"), "web", false).orElseThrow().routerName()).isEqualTo("catch-all");
        assertThat(snapshot.route(get("b.com", "/x"), "unknown", false)).isEmpty();
        assertThat(snapshot.routes()).filteredOn(r -> r.name().equals("secure-only"))
                .extracting(RouteEntry::entryPoints).containsExactly(Set.of("websecure"));
        assertThat(snapshot.entryPoints()).containsExactlyInAnyOrder("web", "websecure");
    }

    @Test
    void noMatchingRouteIsEmpty() {
        RoutingSnapshot snapshot = build(decoded(List.of(Router.of("a", "Host(`a.com`)", "api")),
                List.of(service("api", 1))));
        assertThat(snapshot.route(get("b.com", "/"), "web", false)).isEmpty();
    }

    @Test
    void v1FrontendCarriesRewrites() {
        RoutingSnapshot snapshot = build(decoded(List.of(Router.ofV1Routes("f",
                ImmutableSortedMap.of("r", "Host:a.com;PathPrefixStrip:/api"), "api")), List.of(service("api", 1))));
        RouteMatch match = snapshot.route(get("a.com", "/api/users"), "web", false).orElseThrow();
        assertThat(match.rewrites().apply("/api/users")).isEqualTo(new RewrittenPath("/users", List.of("/api"), List.of()));
    }

    @Test
    void entitiesWithErrorProblemsAreExcludedWithReasons() {
        Problem badUrl = Problem.error("traefik/http/services/broken/loadBalancer/servers/s1/url", "::",
                "expected an absolute http, https or h2c URL with a host", EntityRef.service("broken"));
        Problem badMiddleware = Problem.error("traefik/http/middlewares/mw/addPrefix/prefix", "", "expected a prefix",
                EntityRef.middleware("mw"));
        Problem badPriority = Problem.error("traefik/http/routers/bad/priority", "x", "expected an integer",
                EntityRef.router("bad"));
        Problem warning = Problem.warning("traefik/http/routers/ok/tls", "", "ignored", EntityRef.router("ok"));
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("uses-broken", "Path(`/b`)", "broken"),
                Router.of("uses-mw", "Path(`/m`)", "api").withMiddlewares(List.of("mw")),
                Router.of("bad", "Path(`/x`)", "api"),
                Router.of("ok", "Path(`/ok`)", "api")),
                List.of(service("api", 1), service("broken", 1)), List.of(new AddPrefix("mw", "/p")),
                List.of(badUrl, badMiddleware, badPriority, warning)));
        assertThat(snapshot.routes()).extracting(RouteEntry::name).containsExactly("ok");
        assertThat(snapshot.exclusions()).containsExactly(
                new Exclusion(EntityRef.router("bad"), List.of("traefik/http/routers/bad/priority: expected an integer")),
                new Exclusion(EntityRef.router("uses-broken"), List.of("service broken is unusable: "
                        + "traefik/http/services/broken/loadBalancer/servers/s1/url: expected an absolute http, https or "
                        + "h2c URL with a host")),
                new Exclusion(EntityRef.router("uses-mw"), List.of("middleware mw is excluded")),
                new Exclusion(EntityRef.service("broken"), List.of("traefik/http/services/broken/loadBalancer/servers/"
                        + "s1/url: expected an absolute http, https or h2c URL with a host")),
                new Exclusion(EntityRef.middleware("mw"), List.of("traefik/http/middlewares/mw/addPrefix/prefix: "
                        + "expected a prefix")));
        assertThat(snapshot.balancers().balancers().keySet()).containsExactly("api");
        assertThat(snapshot.middlewares()).isEmpty();
    }

    @Test
    void missingForeignAndUnsupportedReferencesExcludeTheRouter() {
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("missing", "Path(`/m`)", "nope"),
                Router.of("foreign", "Path(`/f`)", "api@file"),
                Router.of("rendezvous", "Path(`/o`)", "rendezvous"),
                Router.of("no-mw", "Path(`/n`)", "api").withMiddlewares(List.of("auth", "x@docker")),
                Router.of("elsewhere", "Path(`/e`)", "api").withEntryPoints(List.of("admin")),
                Router.of("bad-rule", "Path(`/x`", "api")),
                List.of(service("api", 1), new OpaqueService("rendezvous", "highestRandomWeight",
                        RawSettings.empty()))));
        assertThat(snapshot.routes()).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router bad-rule: rule: " + ruleError("Path(`/x`"),
                "router elsewhere: entryPoints [admin] are not served by this proxy (it serves [web, websecure])",
                "router foreign: service api@file belongs to provider file, which kvroute does not read",
                "router missing: service nope does not exist",
                "router no-mw: middleware auth does not exist; middleware x@docker belongs to provider docker, which "
                        + "kvroute does not read",
                "router rendezvous: service rendezvous is unusable: highestRandomWeight services is not set (expected "
                        + "services/0/name, ...)",
                "service rendezvous: highestRandomWeight services is not set (expected services/0/name, ...)");
    }

    @Test
    void aChainOfChainsIsExpandedIntoItsMembersAndAChainCycleLeavesItsRoutersOut() {
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("uses-chain", "Path(`/c`)", "api").withMiddlewares(List.of("secured@etcd", "last")),
                Router.of("uses-cycle", "Path(`/y`)", "api").withMiddlewares(List.of("loop")),
                Router.of("uses-foreign", "Path(`/f`)", "api").withMiddlewares(List.of("outside"))),
                List.of(service("api", 1)),
                List.of(chain("secured", "inner", "c"), chain("inner", "a", "b"), chain("loop", "again"),
                        chain("again", "loop"), chain("outside", "dashboard_redirect@internal"),
                        new AddPrefix("a", "/a"), new AddPrefix("b", "/b"), new AddPrefix("c", "/c"),
                        new AddPrefix("last", "/z")),
                List.of()));

        RouteMatch match = snapshot.route(get("a.com", "/c"), "web", false).orElseThrow();
        assertThat(match.middlewareNames()).containsExactly("a", "b", "c", "last");
        assertThat(match.router().middlewares()).containsExactly("secured@etcd", "last");
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router uses-cycle: middleware chain again: member loop makes a cycle: loop -> again -> loop",
                "router uses-foreign: middleware chain outside: member dashboard_redirect@internal belongs to "
                        + "provider internal, which kvroute does not read");
    }

    @Test
    void anEntryPointWithoutHttpTlsServesTlsRoutersOnTlsConnectionsOnlyAndTheOthersOnPlainOnesOnly() {
        RawSettings tls = RawSettings.fromJson(new ObjectMapper().createObjectNode().put("certResolver", "le"));
        RoutingSnapshot snapshot = build(decoded(List.of(
                Router.of("secure", "Host(`a.test`)", "api").withTls(Optional.of(tls)),
                Router.of("plain", "Host(`a.test`)", "api"),
                Router.of("secure-only", "Host(`s.test`)", "api").withTls(Optional.of(tls))),
                List.of(service("api", 1))));

        assertThat(snapshot.exclusions()).isEmpty();
        assertThat(snapshot.route(get("a.test", "/"), "web", false)).get()
                .extracting(RouteMatch::routerName).isEqualTo("plain");
        assertThat(snapshot.route(get("a.test", "/"), "web", true)).get()
                .extracting(RouteMatch::routerName).isEqualTo("secure");
        assertThat(snapshot.route(get("s.test", "/"), "web", false)).as("a tls router over plain HTTP").isEmpty();
        assertThat(snapshot.route(get("s.test", "/"), "websecure", true)).get()
                .extracting(RouteMatch::routerName).isEqualTo("secure-only");
        assertThat(snapshot.routes()).filteredOn(route -> route.name().equals("secure")).singleElement()
                .satisfies(route -> assertThat(route.tls()).containsOnlyKeys("web", "websecure")
                        .containsEntry("web", RouterTls.of("", "le")));
    }

    @Test
    void aTlsEntryPointServesEveryRouterOnItOverTlsAndLeavesOutRoutersWhoseOptionsCannotBeServed() {
        SnapshotBuilder tlsBuilder = new SnapshotBuilder("etcd", DynamicKeys.under("traefik"),
                Set.of("web", "websecure"), Map.of("websecure", RouterTls.of("", "le")), UsabilityView.allUp(), Clock.systemUTC());
        RawSettings strictOptions = RawSettings.fromJson(new ObjectMapper().createObjectNode().put("options", "strict"));
        DecodedConfig config = decoded(List.of(
                Router.of("secure", "Host(`a.test`) && PathPrefix(`/`)", "api")
                        .withTls(Optional.of(RawSettings.empty())),
                Router.of("plain", "Host(`a.test`)", "api"),
                Router.of("strict", "Host(`s.test`)", "api").withTls(Optional.of(strictOptions)),
                Router.of("webonly", "Host(`w.test`)", "api").withEntryPoints(List.of("web"))),
                List.of(service("api", 1)));
        RoutingSnapshot snapshot = tlsBuilder.build(config, ConfigVersion.NONE, RoutingSnapshot.empty(),
                name -> name.equals("strict") ? Optional.of("unknown TLS options strict") : Optional.empty());

        assertThat(snapshot.route(get("a.test", "/"), "websecure", true)).get()
                .extracting(RouteMatch::routerName).isEqualTo("secure");
        assertThat(snapshot.route(get("a.test", "/"), "web", false)).get()
                .extracting(RouteMatch::routerName).isEqualTo("plain");
        assertThat(snapshot.route(get("w.test", "/"), "websecure", true)).isEmpty();
        assertThat(snapshot.routes()).filteredOn(route -> route.name().equals("plain")).singleElement()
                .satisfies(route -> {
                    assertThat(route.entryPoints()).containsExactlyInAnyOrder("web", "websecure");
                    assertThat(route.tls()).containsEntry("websecure", RouterTls.of("", "le"));
                });
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine)
                .containsExactly("router strict: tls.options: traefik/http/routers/strict/tls/options: unknown TLS "
                        + "options strict");
        assertThat(snapshot.leftOutTlsRouters()).singleElement().satisfies(refused -> {
            assertThat(refused.router().name()).isEqualTo("strict");
            assertThat(refused.options()).isEqualTo(Map.of("web", "strict", "websecure", "strict"));
        });
    }

    /**
     * Traefik's HTTPS side counts every TLS router, those in error too: a TLS router left out for any reason is kept
     * with its options by TLS entry point (its own, or the entry point's), a router left out that serves no TLS is not.
     */
    @Test
    void everyLeftOutTlsRouterIsKeptWithItsOptionsByTlsEntryPoint() {
        SnapshotBuilder tlsBuilder = new SnapshotBuilder("etcd", DynamicKeys.under("traefik"),
                Set.of("web", "websecure"), Map.of("websecure", RouterTls.of("", "")), UsabilityView.allUp(),
                Clock.systemUTC());
        DecodedConfig config = decoded(List.of(
                Router.of("served", "Host(`a.test`)", "api"),
                Router.of("noservice", "Host(`m.test`)", "nosuch").withTls(Optional.of(options("strict"))),
                Router.of("nomiddleware", "PathPrefix(`/`)", "api").withMiddlewares(List.of("nosuch"))
                        .withEntryPoints(List.of("websecure")),
                Router.of("plainonly", "Host(`p.test`)", "nosuch").withEntryPoints(List.of("web"))),
                List.of(service("api", 1)));
        RoutingSnapshot snapshot = tlsBuilder.build(config, ConfigVersion.NONE, RoutingSnapshot.empty(),
                name -> Optional.empty());

        assertThat(snapshot.leftOutTlsRouters()).extracting(leftOut -> leftOut.router().name() + " "
                + new TreeMap<>(leftOut.options())).containsExactlyInAnyOrder(
                        "noservice {web=strict, websecure=strict}", "nomiddleware {websecure=default}");
    }

    /** Traefik names the etcd provider's options {@code strict@etcd}; only {@code default} is never qualified. */
    @Test
    void optionsQualifiedByThisProviderAreItsOwnAndOptionsOfOtherProvidersAreUnknown() {
        SnapshotBuilder tlsBuilder = new SnapshotBuilder("etcd", DynamicKeys.under("traefik"),
                Set.of("websecure"), Map.of("websecure", RouterTls.of("", "")), UsabilityView.allUp(),
                Clock.systemUTC());
        DecodedConfig config = decoded(List.of(
                Router.of("qualified", "Host(`q.test`)", "api").withTls(Optional.of(options("strict@etcd"))),
                Router.of("file", "Host(`f.test`)", "api").withTls(Optional.of(options("strict@file"))),
                Router.of("default", "Host(`d.test`)", "api").withTls(Optional.of(options("default@etcd")))),
                List.of(service("api", 1)));
        RoutingSnapshot snapshot = tlsBuilder.build(config, ConfigVersion.NONE, RoutingSnapshot.empty(),
                name -> Set.of("strict", "default").contains(name) ? Optional.empty()
                        : Optional.of("unknown TLS options " + name));

        assertThat(snapshot.route(get("q.test", "/"), "websecure", true)).get()
                .extracting(RouteMatch::routerName).isEqualTo("qualified");
        assertThat(snapshot.routes()).filteredOn(route -> route.name().equals("qualified")).singleElement()
                .satisfies(route -> assertThat(route.tls()).containsEntry("websecure", RouterTls.of("strict", "")));
        assertThat(snapshot.leftOutTlsRouters()).extracting(refused -> refused.router().name())
                .containsExactly("default", "file");
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router default: tls.options: traefik/http/routers/default/tls/options: unknown TLS options "
                        + "default@etcd",
                "router file: tls.options: traefik/http/routers/file/tls/options: unknown TLS options strict@file");
    }

    /** Traefik's applyModel gives a router the entry point's tls only when it has none, never field by field. */
    @Test
    void aRouterWithItsOwnTlsGetsNothingFromTheEntryPointsTls() {
        SnapshotBuilder tlsBuilder = new SnapshotBuilder("etcd", DynamicKeys.under("traefik"),
                Set.of("websecure"), Map.of("websecure", RouterTls.of("nosuch", "ep")), UsabilityView.allUp(),
                Clock.systemUTC());
        RawSettings resolverOnly = RawSettings.fromJson(new ObjectMapper().createObjectNode().put("certResolver", "le"));
        DecodedConfig config = decoded(List.of(
                Router.of("own", "Host(`o.test`)", "api").withTls(Optional.of(resolverOnly)),
                Router.of("inherits", "Host(`i.test`)", "api")),
                List.of(service("api", 1)));
        RoutingSnapshot snapshot = tlsBuilder.build(config, ConfigVersion.NONE, RoutingSnapshot.empty(),
                name -> name.equals("default") ? Optional.empty() : Optional.of("unknown TLS options " + name));

        assertThat(snapshot.route(get("o.test", "/"), "websecure", true)).get()
                .extracting(RouteMatch::routerName).isEqualTo("own");
        assertThat(snapshot.routes()).singleElement()
                .satisfies(route -> assertThat(route.tls()).containsExactly(Map.entry("websecure",
                        RouterTls.of("", "le"))));
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router inherits: tls.options: http.tls.options of entry point websecure: unknown TLS options nosuch");
    }

    private static RawSettings options(String name) {
        return RawSettings.fromJson(new ObjectMapper().createObjectNode().put("options", name));
    }

    @Test
    void weightedCycleExcludesEveryServiceOnIt() {
        RoutingSnapshot snapshot = build(decoded(List.of(Router.of("r", "Path(`/`)", "a")), List.of(
                WeightedService.of("a", List.of(new ServiceWeight("b", 1))),
                WeightedService.of("b", List.of(new ServiceWeight("c@etcd", 1))),
                WeightedService.of("c", List.of(new ServiceWeight("a", 1), new ServiceWeight("leaf", 1))),
                WeightedService.of("self", List.of(new ServiceWeight("self", 1))),
                service("leaf", 1))));
        assertThat(snapshot.routes()).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router r: service a is unusable: service b is unusable: service c is unusable: services form a "
                        + "cycle: a -> b -> c -> a",
                "service a: service b is unusable: service c is unusable: services form a cycle: a -> b -> c -> a",
                "service b: service c is unusable: services form a cycle: a -> b -> c -> a",
                "service c: services form a cycle: a -> b -> c -> a",
                "service self: services form a cycle: self -> self");
        assertThat(snapshot.balancers().balancers().keySet()).containsExactly("leaf");
    }

    @Test
    void weightedServiceRoutesToChildrenByWeight() {
        RoutingSnapshot snapshot = build(decoded(List.of(Router.of("r", "Path(`/`)", "canary")), List.of(
                WeightedService.of("canary", List.of(new ServiceWeight("blue", 3), new ServiceWeight("green@etcd", 1))),
                service("blue", 1), service("green", 1))));
        ServiceBalancer balancer = snapshot.route(get("a", "/"), "web", false).orElseThrow().balancer();
        StringBuilder services = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            services.append(balancer.pick().orElseThrow().key().service().charAt(0));
        }
        assertThat(services).hasToString("bbgbbbgb");
    }

    @Test
    void serviceWithUnparsableUrlIsExcludedEvenWithoutProblems() {
        RoutingSnapshot snapshot = build(decoded(List.of(), List.of(
                LoadBalancerService.of("odd", List.of(Server.of("s1", "http://[bad"), Server.of("s2", "relative/path"))))));
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "service odd: server s1: url 'http://[bad' is unusable: Expected closing bracket for IPv6 address at "
                        + "index 11: http://[bad; server s2: url 'relative/path' is unusable: expected an absolute URL "
                        + "with a host: relative/path");
    }

    @Test
    void generationCountsUpAndVersionIsKept() {
        RoutingSnapshot first = build(decoded(List.of(), List.of()));
        RoutingSnapshot second = builder.build(decoded(List.of(), List.of()), new ConfigVersion(43, Instant.EPOCH), first);
        assertThat(RoutingSnapshot.empty().generation()).isZero();
        assertThat(first.generation()).isEqualTo(1);
        assertThat(first.version()).isEqualTo(VERSION);
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.version().revision()).isEqualTo(43);
    }

    @Test
    void unchangedServicesKeepTheirBalancerAcrossSnapshots() {
        RoutingSnapshot first = build(decoded(List.of(Router.of("r", "Path(`/`)", "api")),
                List.of(service("api", 5, 1, 1), service("other", 1))));
        ServiceBalancer api = first.balancers().balancer("api").orElseThrow();
        ServiceBalancer other = first.balancers().balancer("other").orElseThrow();
        assertThat(api.pick().orElseThrow().key().serverId()).isEqualTo("s1");
        assertThat(api.pick().orElseThrow().key().serverId()).isEqualTo("s1");

        RoutingSnapshot second = builder.build(decoded(List.of(Router.of("r", "Path(`/`)", "api").withPriority(5)),
                List.of(service("api", 5, 1, 1), service("other", 2))), VERSION, first);
        assertThat(second.balancers().balancer("api")).containsSame(api);
        assertThat(second.balancers().balancer("other").orElseThrow()).isNotSameAs(other);
        assertThat(second.route(get("a", "/"), "web", false).orElseThrow().balancer()).isSameAs(api);
        assertThat(api.pick().orElseThrow().key().serverId()).isEqualTo("s2");
    }

    @Test
    void thousandServersInTwoHundredServicesBuildQuickly() {
        List<Router> routers = new java.util.ArrayList<>();
        List<LoadBalancerService> services = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            services.add(service("svc" + i, 1, 2, 3, 4, 5));
            routers.add(Router.of("r" + i, "Host(`h" + i + ".example.com`) && PathPrefix(`/p" + i + "`)", "svc" + i));
        }
        var config = decoded(routers, services);
        long start = System.nanoTime();
        RoutingSnapshot snapshot = build(config);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("snapshot of 200 routers, 200 services, 1000 servers built in " + millis + " ms");
        assertThat(snapshot.balancers().balancers()).hasSize(200);
        assertThat(snapshot.balancers().balancers().values().stream().mapToInt(b -> b.servers().size()).sum())
                .isEqualTo(1000);
        assertThat(snapshot.route(get("h150.example.com", "/p150/x"), "web", false).orElseThrow().routerName())
                .isEqualTo("r150");
        assertThat(millis).isLessThan(2_000);
    }

    /** A proxy of UDP entry points only has no HTTP entry point: every HTTP router is left out, as in Traefik. */
    @Test
    void withoutEntryPointsEveryRouterIsLeftOutWithTraefiksReason() {
        SnapshotBuilder udpOnly = new SnapshotBuilder(Set.of(), UsabilityView.allUp(), Clock.systemUTC());
        RoutingSnapshot snapshot = udpOnly.build(decoded(List.of(Router.of("any", "Path(`/`)", "api"),
                Router.of("named", "Path(`/n`)", "api").withEntryPoints(List.of("web"))),
                List.of(service("api", 1))), VERSION, RoutingSnapshot.empty());
        assertThat(snapshot.routes()).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactly(
                "router any: no valid entryPoint for this router (the proxy has no TCP entry point, only UDP ones)",
                "router named: entryPoints [web] are not served by this proxy (it serves [])");
    }

    private RoutingSnapshot build(io.kvroute.kv.config.DecodedConfig config) {
        return builder.build(config, VERSION, RoutingSnapshot.empty());
    }

    private static String ruleError(String rule) {
        try {
            io.kvroute.kv.rule.RuleParser.parseV3(rule);
        } catch (io.kvroute.kv.rule.RuleSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError("rule parses: " + rule);
    }
}
