package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.runtime.AgentStatuses;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.StoreState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard's one JSON document ({@code /api/kvroute/state}), polled every second: store status, counts,
 * routers, services with their servers' health and drains, middlewares with their options (Traefik's JSON of
 * the middleware) and what they counted, configuration problems with the agents' (secret values hidden, see also
 * {@link Redaction}), the agent nodes seen in server ids or status keys (servers, keys, first and last seen,
 * {@link AgentSightings}; version, lease TTL and problems from the status key), the last 5 minutes of traffic per
 * service, each server's requests (the share it gets) and p50/p99 latency in ms, the whole proxy's requests,
 * no-route requests and 5xx ({@link TrafficSampler}), each router's TLS as configured, the
 * TCP and UDP routers with their open connections and sessions and their services, the entry points with their TLS
 * and redirections and the certificates the TLS entry points can present ({@link TlsApiJson}: no key material).
 */
final class DashboardState {
    private static final TrafficSampler.ServerRequests NONE = new TrafficSampler.ServerRequests(0, 0, 0, 0);

    private DashboardState() {
    }

    /** The layout of an agent whose status key names none (written by a version before agents reported it). */
    static final String LAYOUT_UNKNOWN = "unknown";

    /** What the proxy cannot read of an agent without a status key: its keys' lease. */
    static final String LEASE_UNKNOWN = "not visible to the proxy: this agent writes no status key (an older "
            + "version); the agent's --ttl sets it";

    /**
     * The state document; traffic samples (per service and for the whole proxy) only from the epoch second
     * {@code samplesSince} on ({@code "samplesSince"} says from when), so that a page polling every second gets the
     * last second or two, not the whole window for every service each time.
     */
    static ObjectNode of(ProxyRuntime runtime, RuntimeView view, TrafficSampler.History traffic,
            AgentSightings sightings, long samplesSince) {
        Instant now = Instant.now();
        ObjectNode state = Responses.JSON.createObjectNode();
        state.put("now", now.toString());
        state.put("window", TrafficSampler.WINDOW);
        state.put("samplesSince", samplesSince);
        state.put("provider", view.provider());
        state.set("store", store(runtime));
        TraefikJson traefikJson = new TraefikJson(view, runtime.config().map(DecodedConfig::traefikJson));
        ArrayNode routers = state.putArray("routers");
        view.model().routers().values().forEach(router -> routers.add(router(view, router, traefikJson)));
        ArrayNode services = state.putArray("services");
        view.model().services().values().forEach(service -> services.add(service(view, service, traffic, samplesSince)));
        state.set("traffic", global(traffic, samplesSince));
        ArrayNode middlewares = state.putArray("middlewares");
        view.middlewares().forEach((name, status) -> {
            ObjectNode middleware = middlewares.addObject();
            middleware.put("name", view.qualified(name));
            middleware.put("type", view.model().middleware(name).map(m -> m.type()).orElse(""));
            status(middleware, status);
            middleware.set("options", traefikJson.configured(TraefikJson.Section.MIDDLEWARES, name));
            middleware.set("counters", traefikJson.counters(name));
        });
        ArrayNode problems = state.putArray("problems");
        for (Problem problem : view.problems().stream().map(Secrets::redact).toList()) {
            ObjectNode line = problems.addObject();
            line.put("severity", problem.severity().label());
            line.put("key", problem.key());
            line.put("value", problem.value());
            line.put("reason", problem.reason());
            line.put("entity", problem.entity().map(Object::toString).orElse(""));
        }
        view.snapshot().problems().forEach(problem -> problems.addObject().put("severity", "warning").put("key", "")
                .put("value", "").put("reason", problem.toLine()).put("entity", problem.entity().toString()));
        state.set("agents", agents(view, runtime.agentStatuses(), sightings, now));
        StreamApiJson streams = StreamApiJson.of(runtime, runtime.config().map(DecodedConfig::traefikJson));
        state.set("tcp", streams(streams, StreamApiJson.Section.TCP_ROUTERS, StreamApiJson.Section.TCP_SERVICES,
                "connections", runtime.tcpConnections()));
        state.set("udp", streams(streams, StreamApiJson.Section.UDP_ROUTERS, StreamApiJson.Section.UDP_SERVICES,
                "sessions", runtime.udpSessions()));
        ArrayNode entryPoints = TlsApiJson.entryPoints(runtime.settings());
        entryPoints.forEach(entryPoint -> listening(runtime, (ObjectNode) entryPoint));
        state.set("entryPoints", entryPoints);
        state.set("certificates", TlsApiJson.certificates(runtime.tls(), Instant.now()));
        return state;
    }

    private static ObjectNode store(ProxyRuntime runtime) {
        StoreState store = runtime.storeState();
        ConfigVersion version = runtime.snapshot().routing().version();
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("connected", store.connected());
        node.put("since", store.since().toString());
        if (!store.connected()) {
            node.put("staleSince", store.since().toString());
        }
        node.put("detail", store.detail());
        node.put("revision", version.revision());
        node.put("readAt", version.readAt().toString());
        node.put("generation", runtime.snapshot().routing().generation());
        return node;
    }

    /** Adds where the entry point listens ({@code listening}: the bound port of a configured port 0) once started. */
    private static void listening(ProxyRuntime runtime, ObjectNode entryPoint) {
        try {
            InetSocketAddress bound = runtime.address(entryPoint.path("name").asText());
            entryPoint.put("listening", bound.getHostString() + ":" + bound.getPort());
        } catch (IllegalArgumentException notListening) {
            entryPoint.put("listening", "");
        }
    }

    /** The whole proxy's last seconds (requests, no-route requests, 5xx) and its totals since start. */
    private static ObjectNode global(TrafficSampler.History traffic, long samplesSince) {
        ObjectNode node = Responses.JSON.createObjectNode();
        TrafficSampler.GlobalSample totals = traffic.totals();
        node.putObject("totals").put("requests", totals.requests()).put("noRoute", totals.noRoute())
                .put("errors", totals.errors());
        ArrayNode samples = node.putArray("samples");
        traffic.global().stream().filter(sample -> sample.epochSecond() >= samplesSince)
                .forEach(sample -> samples.addObject().put("t", sample.epochSecond()).put("requests", sample.requests())
                        .put("noRoute", sample.noRoute()).put("errors", sample.errors()));
        return node;
    }

    /**
     * One protocol's routers (each with what is open now under {@code openField}, from {@code open} by router name)
     * and services, in Traefik's API shapes.
     */
    private static ObjectNode streams(StreamApiJson streams, StreamApiJson.Section routers,
            StreamApiJson.Section services, String openField, Map<String, ? extends Number> open) {
        ObjectNode node = Responses.JSON.createObjectNode();
        ArrayNode routerList = node.putArray("routers");
        for (ObjectNode router : streams.list(routers)) {
            String name = router.path("name").asText();
            Number count = open.get(name.substring(0, name.lastIndexOf('@')));
            router.put(openField, count == null ? 0 : count.longValue());
            routerList.add(router);
        }
        ArrayNode serviceList = node.putArray("services");
        streams.list(services).forEach(serviceList::add);
        return node;
    }

    private static ObjectNode router(RuntimeView view, Router router, TraefikJson traefikJson) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("name", view.qualified(router.name()));
        node.put("rule", router.rule());
        node.put("priority", router.effectivePriority());
        ArrayNode entryPoints = node.putArray("entryPoints");
        view.using(router.name()).forEach(entryPoints::add);
        node.put("service", view.qualified(router.service()));
        ArrayNode middlewares = node.putArray("middlewares");
        router.middlewares().forEach(ref -> middlewares.add(view.qualified(ref)));
        JsonNode tls = traefikJson.configured(TraefikJson.Section.ROUTERS, router.name()).path("tls");
        if (tls.isObject()) {
            node.set("tls", tls);
        }
        status(node, view.routers().get(router.name()));
        return node;
    }

    private static ObjectNode service(RuntimeView view, Service service, TrafficSampler.History traffic,
            long samplesSince) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("name", view.qualified(service.name()));
        node.put("type", service.type());
        status(node, view.services().get(service.name()));
        ArrayNode servers = node.putArray("servers");
        Map<String, TrafficSampler.ServerRequests> counted = traffic.servers().get(service.name());
        counted = counted == null ? Map.of() : counted;
        for (ServerState server : view.servers().getOrDefault(service.name(), List.of())) {
            TrafficSampler.ServerRequests requests = counted.getOrDefault(server.id(), NONE);
            servers.add(server(server).put("requestsInWindow", requests.inWindow())
                    .put("requestsSinceStart", requests.sinceStart()).put("p50", requests.p50Millis())
                    .put("p99", requests.p99Millis()));
        }
        ArrayNode samples = node.putArray("traffic");
        for (TrafficSampler.Sample sample : traffic.services().getOrDefault(service.name(), List.of())) {
            if (sample.epochSecond() < samplesSince) {
                continue;
            }
            samples.addObject().put("t", sample.epochSecond()).put("requests", sample.requests())
                    .put("errors", sample.errors()).put("p50", sample.p50Millis()).put("p99", sample.p99Millis());
        }
        return node;
    }

    private static ObjectNode server(ServerState server) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("id", server.id());
        node.put("key", server.keyName());
        node.put("url", server.url());
        node.put("weight", server.weight());
        node.put("node", server.node().orElse(""));
        node.put("state", server.state().name());
        node.put("status", server.traefikStatus());
        node.put("activelyChecked", server.activelyChecked());
        server.since().ifPresent(since -> node.put("since", since.toString()));
        server.lastProbe().ifPresent(probe -> node.putObject("lastProbe")
                .put("at", probe.at().toString()).put("healthy", probe.healthy())
                .put("result", probe.describe()).put("latencyMillis", probe.latency().toMillis()));
        server.ejection().ifPresent(ejection -> node.putObject("ejection")
                .put("reason", ejection.reason()).put("until", ejection.until().toString())
                .put("streak", ejection.streak()));
        node.put("drained", server.drained());
        return node;
    }

    private static void status(ObjectNode node, EntityStatus status) {
        node.put("status", status.status().name().toLowerCase(Locale.ROOT));
        ArrayNode errors = node.putArray("errors");
        status.errors().forEach(errors::add);
        ArrayNode usedBy = node.putArray("usedBy");
        status.usedBy().forEach(usedBy::add);
    }

    /**
     * The agent nodes seen in server ids or in status keys: their servers, the server keys they wrote (url, weight
     * and preservePath where set), when they were first and last seen, and what their status key says (version,
     * lease TTL and id, keys held on the lease, problems, when written); an agent without a status key (older than
     * this proxy) has its lease named as not visible.
     */
    private static ArrayNode agents(RuntimeView view, AgentStatuses statuses, AgentSightings sightings, Instant now) {
        SortedMap<String, Integer> servers = new TreeMap<>();
        SortedMap<String, Integer> keys = new TreeMap<>();
        for (Service service : view.model().services().values()) {
            if (service instanceof LoadBalancerService loadBalancer) {
                for (Server server : loadBalancer.servers()) {
                    RuntimeView.owner(server.id()).ifPresent(node -> {
                        servers.merge(node, 1, Integer::sum);
                        keys.merge(node, 1 + (server.weight().isPresent() ? 1 : 0) + (server.preservePath() ? 1 : 0),
                                Integer::sum);
                    });
                }
            }
        }
        SortedSet<String> present = new TreeSet<>(servers.keySet());
        present.addAll(statuses.byNode().keySet());
        ArrayNode agents = Responses.JSON.createArrayNode();
        sightings.observe(present, now).forEach((node, seen) -> {
            ObjectNode agent = agents.addObject().put("node", node)
                    .put("servers", servers.getOrDefault(node, 0)).put("keys", keys.getOrDefault(node, 0))
                    .put("present", seen.present()).put("firstSeen", seen.firstSeen().toString())
                    .put("lastSeen", seen.lastSeen().toString());
            AgentStatus status = statuses.byNode().get(node);
            if (status == null) {
                agent.put("lease", LEASE_UNKNOWN);
                return;
            }
            agent.put("lease", status.leaseTtlSeconds() + " s (lease " + status.leaseId() + ")")
                    .put("leaseTtlSeconds", status.leaseTtlSeconds()).put("leaseId", status.leaseId())
                    .put("version", status.version()).put("layout", status.layout().isEmpty() ? LAYOUT_UNKNOWN : status.layout()).put("keysHeld", status.keys())
                    .put("statusWrittenAt", status.writtenAt().toString());
            ArrayNode problems = agent.putArray("problems");
            status.problems().forEach(problem -> problems.addObject().put("where", problem.where())
                    .put("reason", problem.reason()));
            String mismatch = statuses.layoutMismatches().get(node);
            if (mismatch != null) {
                problems.addObject().put("where", AgentStatusKeys.key(node)).put("reason", mismatch);
            }
        });
        return agents;
    }
}
