package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.TcpLoadBalancer;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.HealthView;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.tcp.TcpServerKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Traefik's API shapes of the {@code tcp} and {@code udp} sections ({@code pkg/api/handler_tcp.go},
 * {@code handler_udp.go}): each router, service or middleware as configured, with {@code name@provider},
 * {@code provider}, {@code status} ({@code enabled}, or {@code disabled} with its {@code error} reasons when kvroute
 * leaves it out), a router's {@code using} entry points, a service's and middleware's {@code type} (lower case) and
 * {@code usedBy} routers, and a served TCP load balancer's {@code serverStatus} by address ({@code UP}, or {@code DOWN}
 * while its health check holds the server down), as Traefik's {@code TCPServiceInfo} shows it.
 */
final class StreamApiJson {
    /** The sections served, by URL path: {@code tcp/routers}, {@code tcp/services}, ... */
    enum Section {
        TCP_ROUTERS(DynamicKeys.TCP, DynamicKeys.ROUTERS, EntityRef.Kind.TCP_ROUTER),
        TCP_SERVICES(DynamicKeys.TCP, DynamicKeys.SERVICES, EntityRef.Kind.TCP_SERVICE),
        TCP_MIDDLEWARES(DynamicKeys.TCP, DynamicKeys.MIDDLEWARES, EntityRef.Kind.TCP_MIDDLEWARE),
        UDP_ROUTERS(DynamicKeys.UDP, DynamicKeys.ROUTERS, EntityRef.Kind.UDP_ROUTER),
        UDP_SERVICES(DynamicKeys.UDP, DynamicKeys.SERVICES, EntityRef.Kind.UDP_SERVICE);

        final String protocol;
        final String kind;
        final EntityRef.Kind entity;

        Section(String protocol, String kind, EntityRef.Kind entity) {
            this.protocol = protocol;
            this.kind = kind;
            this.entity = entity;
        }

        /** The section of {@code /api/<protocol>/<kind>}. */
        static Optional<Section> of(String protocol, String kind) {
            for (Section section : values()) {
                if (section.protocol.equals(protocol) && section.kind.equals(kind)) {
                    return Optional.of(section);
                }
            }
            return Optional.empty();
        }
    }

    private final ObjectNode decoded;
    private final List<Exclusion> exclusions;
    private final String provider;
    private final Set<String> entryPoints;
    private final HealthView health;

    /**
     * @param decoded     Traefik's JSON of the configuration in use (empty before the first read)
     * @param exclusions  the TCP and UDP entities left out, with their reasons
     * @param entryPoints the entry points this proxy serves
     * @param health      the health checker's view, for the TCP servers' status
     */
    StreamApiJson(Optional<ObjectNode> decoded, List<Exclusion> exclusions, String provider, Set<String> entryPoints,
            HealthView health) {
        this.decoded = decoded.orElse(Responses.JSON.createObjectNode());
        this.exclusions = List.copyOf(exclusions);
        this.provider = requireNonNull(provider, "provider");
        this.entryPoints = Set.copyOf(entryPoints);
        this.health = requireNonNull(health, "health");
    }

    /** The TCP and UDP sections of {@code runtime}'s configuration in use, Traefik's JSON {@code traefikJson}. */
    static StreamApiJson of(ProxyRuntime runtime, Optional<ObjectNode> traefikJson) {
        List<Exclusion> exclusions = new ArrayList<>(runtime.tcpRouting().exclusions());
        exclusions.addAll(runtime.udpRouting().exclusions());
        return new StreamApiJson(traefikJson, exclusions, runtime.provider(), runtime.settings().entryPoints().keySet(),
                runtime.health().view());
    }

    /** Every entity of {@code section}, in name order (an empty list when there are none). */
    List<ObjectNode> list(Section section) {
        List<ObjectNode> entities = new ArrayList<>();
        configured(section).forEach(name -> entities.add(entity(section, name)));
        return entities;
    }

    /** {@code /api/overview}'s counts of {@code section}: every entity, warnings (none), errors (the disabled). */
    ObjectNode counts(Section section) {
        List<ObjectNode> entities = list(section);
        ObjectNode counts = Responses.JSON.createObjectNode();
        counts.put("total", entities.size());
        counts.put("warnings", 0);
        counts.put("errors", entities.stream().filter(e -> e.path("status").asText().equals("disabled")).count());
        return counts;
    }

    /** The entity {@code name} (without provider) of {@code section}, if configured. */
    Optional<ObjectNode> one(Section section, String name) {
        return configured(section).contains(name) ? Optional.of(entity(section, name)) : Optional.empty();
    }

    private Set<String> configured(Section section) {
        Set<String> names = new TreeSet<>();
        decoded.path(section.protocol).path(section.kind).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private ObjectNode entity(Section section, String name) {
        JsonNode configured = decoded.path(section.protocol).path(section.kind).path(name);
        ObjectNode entity = configured.isObject() ? ((ObjectNode) configured).deepCopy()
                : Responses.JSON.createObjectNode();
        Optional<Exclusion> excluded = exclusions.stream()
                .filter(e -> e.entity().equals(new EntityRef(section.entity, name))).findFirst();
        excluded.ifPresent(e -> e.reasons().forEach(entity.withArray("error")::add));
        entity.put("status", excluded.isPresent() ? "disabled" : "enabled");
        if (section.kind.equals(DynamicKeys.ROUTERS)) {
            Set<String> using = new TreeSet<>();
            entity.path("entryPoints").forEach(entryPoint -> using.add(entryPoint.asText()));
            if (using.isEmpty()) {
                using.addAll(entryPoints);
            }
            using.retainAll(entryPoints);
            using.forEach(entity.withArray("using")::add);
        } else {
            configured.properties().stream().filter(field -> field.getValue().isObject()).findFirst()
                    .ifPresent(type -> entity.put("type", type.getKey().toLowerCase(Locale.ROOT)));
            usedBy(section, name).forEach(entity.withArray("usedBy")::add);
            if (section == Section.TCP_SERVICES && excluded.isEmpty()) {
                serverStatus(name, configured.path(TcpLoadBalancer.TYPE).path(DynamicKeys.SERVERS), entity);
            }
        }
        entity.put("name", name + "@" + provider);
        entity.put("provider", provider);
        return entity;
    }

    /** {@code serverStatus}: each server address of TCP load balancer {@code service}, UP unless checked DOWN. */
    private void serverStatus(String service, JsonNode servers, ObjectNode entity) {
        if (servers.isEmpty()) {
            return;
        }
        ObjectNode status = entity.putObject("serverStatus");
        for (JsonNode server : servers) {
            String address = server.path("address").asText();
            boolean down = health.server(TcpServerKeys.of(service, address))
                    .filter(checked -> checked.probeState() == HealthState.DOWN).isPresent();
            status.put(address, down ? "DOWN" : "UP");
        }
    }

    /** The routers naming service {@code name}, or the TCP routers naming middleware {@code name}. */
    private Set<String> usedBy(Section section, String name) {
        Set<String> routers = new TreeSet<>();
        JsonNode all = decoded.path(section.protocol).path(DynamicKeys.ROUTERS);
        for (Map.Entry<String, JsonNode> router : all.properties()) {
            boolean uses = section.kind.equals(DynamicKeys.SERVICES)
                    ? router.getValue().path(DynamicKeys.ROUTER_SERVICE).asText().equals(name)
                    : contains(router.getValue().path(DynamicKeys.MIDDLEWARES), name);
            if (uses) {
                routers.add(router.getKey() + "@" + provider);
            }
        }
        return routers;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
