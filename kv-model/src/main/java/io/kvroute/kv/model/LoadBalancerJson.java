package io.kvroute.kv.model;

import io.kvroute.kv.layout.codec.ScalarCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads and writes Traefik's {@code loadBalancer} JSON object, its servers, health check and sticky cookie. */
final class LoadBalancerJson {
    private LoadBalancerJson() {
    }

    static LoadBalancerService read(String name, FieldReader json) {
        List<Server> servers = servers(json);
        boolean passHostHeader = json.bool("passHostHeader").orElse(true);
        Optional<HealthCheck> healthCheck = json.object("healthCheck").map(LoadBalancerJson::healthCheck);
        Optional<StickyCookie> sticky = json.object("sticky").flatMap(LoadBalancerJson::sticky);
        String strategy = json.text("strategy").orElse(LoadBalancerService.DEFAULT_STRATEGY);
        var flushInterval = json.object("responseForwarding").flatMap(forwarding -> {
            var interval = forwarding.duration("flushInterval");
            forwarding.warnRest();
            return interval;
        }).orElse(LoadBalancerService.DEFAULT_FLUSH_INTERVAL);
        Optional<String> serversTransport = json.text("serversTransport");
        return new LoadBalancerService(name, servers, passHostHeader, healthCheck, sticky, strategy, flushInterval,
                serversTransport, json.rest());
    }

    private static List<Server> servers(FieldReader json) {
        Optional<JsonNode> list = json.raw("servers");
        ImmutableList.Builder<Server> servers = ImmutableList.builder();
        Set<String> ids = new HashSet<>();
        if (list.isEmpty()) {
            return List.of();
        }
        if (list.get().isArray()) {
            for (int i = 0; i < list.get().size(); i++) {
                server(json, Integer.toString(i), list.get().get(i), ids).ifPresent(servers::add);
            }
        } else if (list.get().isObject()) {
            for (Map.Entry<String, JsonNode> entry : list.get().properties()) {
                server(json, entry.getKey(), entry.getValue(), ids).ifPresent(servers::add);
            }
        } else {
            json.error("servers", FieldReader.describe(list.get()), "expected a list of servers");
        }
        return servers.build();
    }

    private static Optional<Server> server(FieldReader json, String id, JsonNode node, Set<String> ids) {
        if (!(node instanceof ObjectNode object)) {
            json.error(KeyPaths.item(DynamicKeys.SERVERS, id), FieldReader.describe(node),
                    "expected a server object");
            return Optional.empty();
        }
        if (id.isEmpty() || id.contains("/") || !ids.add(id.toLowerCase(Locale.ROOT))) {
            json.error(KeyPaths.item(DynamicKeys.SERVERS, id), FieldReader.describe(node),
                    "expected a unique server id without '/' (ids differing only in case are one server)");
            return Optional.empty();
        }
        FieldReader server = json.child(object, KeyPaths.item(DynamicKeys.SERVERS, id));
        String url = server.text("url").orElse("");
        OptionalLong weight = server.int64("weight");
        boolean preservePath = server.bool("preservePath").orElse(false);
        server.warnRest();
        return Optional.of(new Server(id, url, weight, preservePath));
    }

    private static HealthCheck healthCheck(FieldReader json) {
        HealthCheck check = new HealthCheck(json.text("scheme"), json.text("mode"), json.text("path"),
                json.text("method"), json.integer("status"), json.integer("port"), json.duration("interval"),
                json.duration("timeout"), json.duration("unhealthyInterval"), json.text("hostname"),
                json.bool("followRedirects"), json.stringMap("headers"));
        json.warnRest();
        return check;
    }

    /** The sticky cookie of a {@code sticky} object; a sticky object without cookie enables nothing. */
    static Optional<StickyCookie> sticky(FieldReader json) {
        Optional<StickyCookie> cookie = json.object("cookie").map(fields -> {
            StickyCookie read = new StickyCookie(fields.text("name"), fields.bool("secure").orElse(false),
                    fields.bool("httpOnly").orElse(false), fields.text("sameSite"), fields.integer("maxAge"),
                    fields.text("path"), fields.text("domain"));
            fields.warnRest();
            return read;
        });
        json.warnRest();
        return cookie;
    }

    static ObjectNode write(LoadBalancerService service, ServerListStyle style, ObjectNode json) {
        if (style == ServerListStyle.ARRAY) {
            var servers = json.putArray("servers");
            service.servers().forEach(server -> write(server, servers.addObject()));
        } else {
            ObjectNode servers = json.putObject("servers");
            service.servers().forEach(server -> write(server, servers.putObject(server.id())));
        }
        json.put("passHostHeader", service.passHostHeader());
        service.healthCheck().ifPresent(check -> write(check, json.putObject("healthCheck")));
        service.sticky().ifPresent(cookie -> write(cookie, json.putObject("sticky")));
        json.put("strategy", service.strategy());
        json.putObject("responseForwarding").put("flushInterval", GoDuration.format(service.flushInterval()));
        service.serversTransport().ifPresent(transport -> json.put("serversTransport", transport));
        json.setAll(service.extras().toJson());
        return json;
    }

    private static void write(Server server, ObjectNode json) {
        if (!server.url().isEmpty()) {
            json.put("url", server.url());
        }
        server.weight().ifPresent(weight -> json.set("weight", ScalarCodec.integer(weight)));
        if (server.preservePath()) {
            json.put("preservePath", true);
        }
    }

    private static void write(HealthCheck check, ObjectNode json) {
        check.scheme().ifPresent(value -> json.put("scheme", value));
        check.mode().ifPresent(value -> json.put("mode", value));
        check.path().ifPresent(value -> json.put("path", value));
        check.method().ifPresent(value -> json.put("method", value));
        check.status().ifPresent(value -> json.put("status", value));
        check.port().ifPresent(value -> json.put("port", value));
        check.interval().ifPresent(value -> json.put("interval", GoDuration.format(value)));
        check.unhealthyInterval().ifPresent(value -> json.put("unhealthyInterval", GoDuration.format(value)));
        check.timeout().ifPresent(value -> json.put("timeout", GoDuration.format(value)));
        check.hostname().ifPresent(value -> json.put("hostname", value));
        check.followRedirects().ifPresent(value -> json.put("followRedirects", value));
        if (!check.headers().isEmpty()) {
            ObjectNode headers = json.putObject("headers");
            check.headers().forEach(headers::put);
        }
    }

    /** Writes {@code {"cookie": {...}}} into a {@code sticky} object. */
    static void write(StickyCookie cookie, ObjectNode sticky) {
        ObjectNode json = sticky.putObject("cookie");
        cookie.name().ifPresent(value -> json.put("name", value));
        if (cookie.secure()) {
            json.put("secure", true);
        }
        if (cookie.httpOnly()) {
            json.put("httpOnly", true);
        }
        cookie.sameSite().ifPresent(value -> json.put("sameSite", value));
        cookie.maxAge().ifPresent(value -> json.put("maxAge", value));
        cookie.path().ifPresent(value -> json.put("path", value));
        cookie.domain().ifPresent(value -> json.put("domain", value));
    }
}
