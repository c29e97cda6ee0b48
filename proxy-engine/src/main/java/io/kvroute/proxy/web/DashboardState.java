package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.model.Service;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.StoreState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The dashboard's one JSON document ({@code /api/kvroute/state}), polled every second: store status, counts,
 * routers, services with their servers' health and drains, middlewares with their options (Traefik's JSON of
 * the middleware) and what they counted, configuration problems (secret values
 * hidden, see also {@link Redaction}), the agent nodes seen in server ids, the last minute of traffic per service,
 * the entry points with their TLS and redirections and the certificates the TLS entry points can present
 * ({@link TlsApiJson}: no key material).
 */
final class DashboardState {
    private DashboardState() {
    }

    static ObjectNode of(ProxyRuntime runtime, RuntimeView view, SortedMap<String, List<TrafficSampler.Sample>> traffic) {
        ObjectNode state = Responses.JSON.createObjectNode();
        state.put("now", Instant.now().toString());
        state.put("provider", view.provider());
        state.set("store", store(runtime));
        ArrayNode routers = state.putArray("routers");
        view.model().routers().values().forEach(router -> routers.add(router(view, router)));
        ArrayNode services = state.putArray("services");
        view.model().services().values().forEach(service -> services.add(service(view, service, traffic)));
        ArrayNode middlewares = state.putArray("middlewares");
        TraefikJson traefikJson = new TraefikJson(view, runtime.config().map(DecodedConfig::traefikJson));
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
        state.set("agents", agents(view));
        state.set("entryPoints", TlsApiJson.entryPoints(runtime.settings()));
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

    private static ObjectNode router(RuntimeView view, Router router) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("name", view.qualified(router.name()));
        node.put("rule", router.rule());
        node.put("priority", router.effectivePriority());
        ArrayNode entryPoints = node.putArray("entryPoints");
        view.using(router.name()).forEach(entryPoints::add);
        node.put("service", view.qualified(router.service()));
        ArrayNode middlewares = node.putArray("middlewares");
        router.middlewares().forEach(ref -> middlewares.add(view.qualified(ref)));
        status(node, view.routers().get(router.name()));
        return node;
    }

    private static ObjectNode service(RuntimeView view, Service service,
            SortedMap<String, List<TrafficSampler.Sample>> traffic) {
        ObjectNode node = Responses.JSON.createObjectNode();
        node.put("name", view.qualified(service.name()));
        node.put("type", service.type());
        status(node, view.services().get(service.name()));
        ArrayNode servers = node.putArray("servers");
        for (ServerState server : view.servers().getOrDefault(service.name(), List.of())) {
            servers.add(server(server));
        }
        ArrayNode samples = node.putArray("traffic");
        for (TrafficSampler.Sample sample : traffic.getOrDefault(service.name(), List.of())) {
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

    private static ArrayNode agents(RuntimeView view) {
        SortedMap<String, Integer> servers = new TreeMap<>();
        view.servers().values().forEach(list -> list.forEach(server ->
                server.node().ifPresent(node -> servers.merge(node, 1, Integer::sum))));
        ArrayNode agents = Responses.JSON.createArrayNode();
        for (Map.Entry<String, Integer> agent : servers.entrySet()) {
            agents.addObject().put("node", agent.getKey()).put("servers", agent.getValue());
        }
        return agents;
    }
}
