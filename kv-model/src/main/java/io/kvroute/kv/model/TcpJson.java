package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import io.kvroute.kv.rule.RuleSyntax;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads Traefik's {@code tcp} JSON ({@code routers}, {@code services}, {@code middlewares}, {@code serversTransports})
 * into a {@link TcpConfig}. Faults become problems keyed {@code tcp/<map>/<name>/...} naming their entity; an entity
 * that cannot be formed is left out with an error.
 */
final class TcpJson {
    private TcpJson() {
    }

    /** @param defaultSyntax the syntax of routers without {@code ruleSyntax} (Traefik v3 applies it to TCP too) */
    static TcpConfig read(FieldReader tcp, RuleSyntax defaultSyntax, List<Problem> problems) {
        TreeMap<String, TcpRouter> routers = new TreeMap<>();
        TreeMap<String, TcpService> services = new TreeMap<>();
        TreeMap<String, TcpMiddleware> middlewares = new TreeMap<>();
        TreeMap<String, TcpServersTransport> transports = new TreeMap<>();
        tcp.object(DynamicKeys.ROUTERS).ifPresent(section -> section.forEachEntity((name, json) ->
                router(name, reader(json, DynamicKeys.ROUTERS, name, EntityRef.tcpRouter(name), problems),
                        defaultSyntax)
                        .ifPresent(router -> routers.put(name, router))));
        tcp.object(DynamicKeys.SERVICES).ifPresent(section -> section.forEachEntity((name, json) ->
                service(name, reader(json, DynamicKeys.SERVICES, name, EntityRef.tcpService(name), problems), problems)
                        .ifPresent(service -> services.put(name, service))));
        tcp.object(DynamicKeys.MIDDLEWARES).ifPresent(section -> section.forEachEntity((name, json) ->
                middleware(name, reader(json, DynamicKeys.MIDDLEWARES, name, EntityRef.tcpMiddleware(name), problems),
                        problems)
                        .ifPresent(middleware -> middlewares.put(name, middleware))));
        tcp.object(DynamicKeys.SERVERS_TRANSPORTS).ifPresent(section -> section.forEachEntity((name, json) ->
                transports.put(name, transport(name,
                        reader(json, DynamicKeys.SERVERS_TRANSPORTS, name, null, problems)))));
        tcp.warnRest();
        return new TcpConfig(routers, services, middlewares, transports);
    }

    private static FieldReader reader(ObjectNode json, String kind, String name, EntityRef entity,
            List<Problem> problems) {
        return FieldReader.of(json, DynamicKeys.RELATIVE.tcpEntity(kind, name), entity, problems);
    }

    private static Optional<TcpRouter> router(String name, FieldReader fields, RuleSyntax defaultSyntax) {
        String rule = fields.text("rule").orElse("");
        RuleSyntax syntax = RuleSyntax.ofRouter(fields.text("ruleSyntax").orElse(""), defaultSyntax);
        String service = fields.text("service").orElse("");
        List<String> entryPoints = fields.strings("entryPoints");
        List<String> middlewares = fields.strings("middlewares");
        long priority = RouterPriority.read(fields);
        Optional<TcpRouterTls> tls = fields.raw("tls").flatMap(value -> routerTls(fields, value));
        fields.warnRest();
        return Optional.of(new TcpRouter(name, rule, syntax, service, entryPoints, middlewares, priority, tls));
    }

    private static Optional<TcpRouterTls> routerTls(FieldReader router, JsonNode value) {
        if (value.isNull() || value.isTextual() && value.textValue().isEmpty()
                || value.isBoolean() && value.booleanValue()) {
            return Optional.of(new TcpRouterTls(false, "", "", List.of()));
        }
        return router.object("tls").map(tls -> {
            boolean passthrough = tls.bool("passthrough").orElse(false);
            String options = tls.text("options").orElse("");
            String resolver = tls.text("certResolver").orElse("");
            List<TlsDomain> domains = new ArrayList<>();
            tls.raw("domains").ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof ObjectNode domain) {
                        FieldReader item = tls.child(domain, KeyPaths.item("domains", Integer.toString(i)));
                        domains.add(new TlsDomain(item.text("main").orElse(""), item.strings("sans")));
                        item.warnRest();
                    } else {
                        tls.error("domains", FieldReader.describe(list), "expected a list of {main, sans}");
                    }
                }
            });
            tls.warnRest();
            return new TcpRouterTls(passthrough, options, resolver, domains);
        });
    }

    private static Optional<TcpService> service(String name, FieldReader fields, List<Problem> problems) {
        List<String> types = fields.unread();
        if (types.size() != 1) {
            problems.add(Problem.error(DynamicKeys.RELATIVE.tcpEntity(DynamicKeys.SERVICES, name),
                    String.join(",", types), "a TCP service has exactly one type (expected loadBalancer or weighted)",
                    EntityRef.tcpService(name)));
            return Optional.empty();
        }
        String type = types.get(0);
        return switch (type) {
            case TcpLoadBalancer.TYPE -> fields.object(type).map(lb -> loadBalancer(name, lb));
            case TcpWeighted.TYPE -> fields.object(type).map(weighted -> weighted(name, weighted));
            default -> {
                fields.error(type, "", "unknown TCP service type (expected loadBalancer or weighted)");
                yield Optional.empty();
            }
        };
    }

    private static TcpLoadBalancer loadBalancer(String name, FieldReader lb) {
        List<TcpServer> servers = new ArrayList<>();
        lb.raw(DynamicKeys.SERVERS).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ObjectNode server) {
                    FieldReader item = lb.child(server, KeyPaths.item(DynamicKeys.SERVERS, Integer.toString(i)));
                    servers.add(new TcpServer(item.text("address").orElse(""), item.bool("tls").orElse(false)));
                    item.warnRest();
                } else {
                    lb.error(DynamicKeys.SERVERS, FieldReader.describe(list), "expected a list of {address, tls}");
                }
            }
        });
        String transport = lb.text(DynamicKeys.SERVERS_TRANSPORT).orElse("");
        Optional<Integer> proxyProtocol = lb.object("proxyProtocol").map(TcpJson::proxyProtocolVersion);
        Optional<Integer> delay = lb.raw("terminationDelay").isPresent()
                ? Optional.of(lb.integer("terminationDelay").orElse(0)) : Optional.empty();
        Optional<TcpHealthCheck> healthCheck = lb.object("healthCheck").map(TcpJson::healthCheck);
        lb.warnRest();
        return new TcpLoadBalancer(name, servers, transport, proxyProtocol, delay, healthCheck);
    }

    /**
     * Traefik's {@code TCPServerHealthCheck}: a port outside 0-65535 is an error; as Traefik's checker, a
     * non-positive duration falls back to its default and a {@code send} or {@code expect} longer than
     * {@value TcpHealthCheck#MAX_PAYLOAD_BYTES} bytes is dropped, each with a warning.
     */
    private static TcpHealthCheck healthCheck(FieldReader check) {
        OptionalInt port = check.integer("port");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            check.error("port", Integer.toString(port.getAsInt()), "expected a port in 1-65535 (0: the server's own)");
        }
        OptionalInt probedPort = port.isPresent() && port.getAsInt() > 0 ? port : OptionalInt.empty();
        String send = payload(check, "send");
        String expect = payload(check, "expect");
        Duration interval = positive(check, "interval", TcpHealthCheck.DEFAULT_INTERVAL);
        Optional<Duration> unhealthyInterval = check.raw("unhealthyInterval").isPresent()
                ? Optional.of(positive(check, "unhealthyInterval", TcpHealthCheck.DEFAULT_INTERVAL))
                : Optional.empty();
        Duration timeout = positive(check, "timeout", TcpHealthCheck.DEFAULT_TIMEOUT);
        check.warnRest();
        return new TcpHealthCheck(probedPort, send, expect, interval, unhealthyInterval, timeout);
    }

    private static String payload(FieldReader check, String field) {
        String text = check.text(field).orElse("");
        if (text.getBytes(StandardCharsets.UTF_8).length > TcpHealthCheck.MAX_PAYLOAD_BYTES) {
            check.warning(field, text.substring(0, 16) + "...", "longer than " + TcpHealthCheck.MAX_PAYLOAD_BYTES
                    + " bytes; left out, as Traefik does");
            return "";
        }
        return text;
    }

    private static Duration positive(FieldReader check, String field, Duration fallback) {
        Optional<Duration> value = check.duration(field);
        if (value.isPresent() && (value.get().isNegative() || value.get().isZero())) {
            check.warning(field, GoDuration.format(value.get()), "expected a duration > 0; "
                    + GoDuration.format(fallback) + " is used, as Traefik does");
            return fallback;
        }
        return value.orElse(fallback);
    }

    private static int proxyProtocolVersion(FieldReader proxyProtocol) {
        int version = proxyProtocol.integer("version").orElse(2);
        proxyProtocol.warnRest();
        return version;
    }

    private static TcpWeighted weighted(String name, FieldReader weighted) {
        List<ServiceWeight> services = new ArrayList<>();
        weighted.raw(DynamicKeys.SERVICES).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ObjectNode child) {
                    FieldReader item = weighted.child(child, KeyPaths.item(DynamicKeys.SERVICES, Integer.toString(i)));
                    services.add(new ServiceWeight(item.text("name").orElse(""), item.int64("weight").orElse(1)));
                    item.warnRest();
                } else {
                    weighted.error(DynamicKeys.SERVICES, FieldReader.describe(list), "expected a list of {name, weight}");
                }
            }
        });
        boolean healthCheck = weighted.raw("healthCheck").isPresent();
        weighted.warnRest();
        return new TcpWeighted(name, services, healthCheck);
    }

    private static Optional<TcpMiddleware> middleware(String name, FieldReader fields, List<Problem> problems) {
        List<String> types = fields.unread();
        if (types.size() != 1) {
            problems.add(Problem.error(DynamicKeys.RELATIVE.tcpEntity(DynamicKeys.MIDDLEWARES, name),
                    String.join(",", types), "a TCP middleware has exactly one type (expected ipAllowList, "
                    + "ipWhiteList or inFlightConn)", EntityRef.tcpMiddleware(name)));
            return Optional.empty();
        }
        String type = types.get(0);
        Optional<FieldReader> settings = fields.object(type);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        return switch (type) {
            case TcpMiddleware.IP_ALLOW_LIST, TcpMiddleware.IP_WHITE_LIST -> {
                List<String> ranges = settings.get().strings("sourceRange");
                settings.get().warnRest();
                yield Optional.of(new TcpMiddleware(name, type, ranges, OptionalLong.empty()));
            }
            case TcpMiddleware.IN_FLIGHT_CONN -> {
                long amount = settings.get().integer("amount").orElse(0);
                settings.get().warnRest();
                yield Optional.of(new TcpMiddleware(name, type, List.of(), OptionalLong.of(amount)));
            }
            default -> {
                fields.error(type, "", "unknown TCP middleware type (expected ipAllowList, ipWhiteList or "
                        + "inFlightConn)");
                yield Optional.empty();
            }
        };
    }

    private static TcpServersTransport transport(String name, FieldReader fields) {
        Duration dialTimeout = fields.duration("dialTimeout").orElse(TcpServersTransport.DEFAULT_DIAL_TIMEOUT);
        Duration keepAlive = fields.duration("dialKeepAlive").orElse(TcpServersTransport.DEFAULT_DIAL_KEEP_ALIVE);
        Optional<Integer> proxyProtocol = fields.object("proxyProtocol").map(TcpJson::proxyProtocolVersion);
        Duration delay = fields.duration("terminationDelay").orElse(TcpServersTransport.DEFAULT_TERMINATION_DELAY);
        Optional<RawSettings> tls = fields.raw("tls").map(value -> value instanceof ObjectNode object
                ? fields.object("tls").map(FieldReader::rest).orElse(RawSettings.empty()) : RawSettings.empty());
        fields.warnRest();
        return new TcpServersTransport(name, dialTimeout, keepAlive, proxyProtocol, delay, tls);
    }
}
