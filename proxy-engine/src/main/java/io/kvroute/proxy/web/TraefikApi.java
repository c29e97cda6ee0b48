package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.Layout;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Traefik's read-only API over the running proxy: {@code /api/rawdata}, {@code /api/overview},
 * {@code /api/version}, {@code /api/entrypoints}, v1's {@code /api/providers} (only while the store holds a v1
 * configuration: Traefik v2 and v3 have no such endpoint), and
 * {@code /api/http/{routers,services,middlewares}[/{name@provider}]}, {@code /api/tcp/{routers,services,middlewares}}
 * and {@code /api/udp/{routers,services}} (with {@code /{name@provider}}; empty lists when none), with Traefik's query
 * parameters
 * ({@code search}, {@code status}, {@code serviceName}, {@code middlewareName}, {@code sortBy}, {@code direction},
 * {@code page}, {@code per_page}) and {@code X-Next-Page}.
 */
final class TraefikApi {
    private static final String HTTP = "/api/http/";
    private static final HttpString NEXT_PAGE = HttpString.tryFromString("X-Next-Page");
    private static final int DEFAULT_PER_PAGE = 100;

    private final ProxyRuntime runtime;
    private final String version;

    TraefikApi(ProxyRuntime runtime, String version) {
        this.runtime = requireNonNull(runtime, "runtime");
        this.version = requireNonNull(version, "version");
    }

    /** Answers {@code path} if it is one of Traefik's; false when it is not (the caller answers 404). */
    boolean handle(HttpServerExchange exchange, String path) {
        Optional<ObjectNode> traefikJson = runtime.config().map(DecodedConfig::traefikJson);
        switch (path) {
            case "/api/rawdata" -> Responses.json(exchange, json(traefikJson).rawdata());
            case "/api/overview" -> Responses.json(exchange, json(traefikJson).overview(streamJson(traefikJson)));
            case "/api/providers" -> {
                if (!runtime.config().map(config -> config.layouts().contains(Layout.V1)).orElse(false)) {
                    return false;
                }
                Responses.json(exchange, json(traefikJson).providers(traefikJson));
            }
            case "/api/version" -> Responses.json(exchange, Responses.JSON.createObjectNode()
                    .put("Version", version).put("Codename", "kvroute")
                    .put("startDate", runtime.startedAt().toString()));
            case "/api/entrypoints" -> Responses.json(exchange, TlsApiJson.entryPoints(runtime.settings()));
            case "/api/tls/certificates" -> Responses.json(exchange,
                    TlsApiJson.certificates(runtime.tls(), Instant.now()));
            default -> {
                return http(exchange, path, traefikJson) || stream(exchange, path, traefikJson);
            }
        }
        return true;
    }

    private TraefikJson json(Optional<ObjectNode> traefikJson) {
        return new TraefikJson(RuntimeView.of(runtime), traefikJson);
    }

    private boolean http(HttpServerExchange exchange, String path, Optional<ObjectNode> traefikJson) {
        if (!path.startsWith(HTTP)) {
            return false;
        }
        String rest = path.substring(HTTP.length());
        int slash = rest.indexOf('/');
        String sectionName = slash < 0 ? rest : rest.substring(0, slash);
        Optional<TraefikJson.Section> section = List.of(TraefikJson.Section.values()).stream()
                .filter(s -> s.json.equals(sectionName)).findFirst();
        if (section.isEmpty()) {
            return false;
        }
        TraefikJson json = json(traefikJson);
        if (slash < 0) {
            list(exchange, json, section.get());
            return true;
        }
        String qualified = rest.substring(slash + 1);
        String suffix = "@" + runtime.provider();
        String name = qualified.endsWith(suffix) ? qualified.substring(0, qualified.length() - suffix.length()) : "";
        if (json.statuses(section.get()).containsKey(name)) {
            Responses.json(exchange, json.listed(section.get(), name));
        } else {
            Responses.message(exchange, StatusCodes.NOT_FOUND, sectionName.substring(0, sectionName.length() - 1)
                    + " not found");
        }
        return true;
    }

    private static void list(HttpServerExchange exchange, TraefikJson json, TraefikJson.Section section) {
        List<ObjectNode> entities = new ArrayList<>();
        json.names(section).forEach(name -> entities.add(json.listed(section, name)));
        list(exchange, entities);
    }

    /** Answers a listing of {@code entities} with Traefik's filters, order and paging. */
    private static void list(HttpServerExchange exchange, List<ObjectNode> entities) {
        String search = query(exchange, "search").toLowerCase(Locale.ROOT);
        String status = query(exchange, "status");
        String serviceName = query(exchange, "serviceName");
        String middlewareName = query(exchange, "middlewareName");
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode entity : entities) {
            boolean matches = entity.get("name").asText().toLowerCase(Locale.ROOT).contains(search)
                    && (status.isEmpty() || entity.path("status").asText().equals(status))
                    && (serviceName.isEmpty() || entity.path("service").asText().equals(serviceName)
                            || (entity.path("service").asText() + "@" + entity.path("provider").asText())
                                    .equals(serviceName))
                    && (middlewareName.isEmpty() || contains(entity.path("middlewares"), middlewareName));
            if (matches) {
                matching.add(entity);
            }
        }
        String sortBy = query(exchange, "sortBy").isEmpty() ? "name" : query(exchange, "sortBy");
        Comparator<ObjectNode> order = Comparator.comparing(entity -> entity.path(sortBy).asText(""));
        if (sortBy.equals("priority")) {
            order = Comparator.comparingLong(entity -> entity.path("priority").asLong());
        }
        order = order.thenComparing(entity -> entity.get("name").asText());
        matching.sort(query(exchange, "direction").equals("desc") ? order.reversed() : order);
        int perPage = positive(query(exchange, "per_page"), DEFAULT_PER_PAGE);
        int page = positive(query(exchange, "page"), 1);
        long from = (long) (page - 1) * perPage;
        if (from >= matching.size() && page > 1) {
            Responses.message(exchange, StatusCodes.BAD_REQUEST, "invalid request: page out of range");
            return;
        }
        ArrayNode answer = Responses.JSON.createArrayNode();
        matching.stream().skip(from).limit(perPage).forEach(answer::add);
        boolean more = from + perPage < matching.size();
        exchange.getResponseHeaders().put(NEXT_PAGE, more ? page + 1 : 1);
        Responses.json(exchange, answer);
    }

    private StreamApiJson streamJson(Optional<ObjectNode> traefikJson) {
        return StreamApiJson.of(runtime, traefikJson);
    }

    /** {@code /api/tcp/routers|services|middlewares[/{name@provider}]} and {@code /api/udp/routers|services[/...]}. */
    private boolean stream(HttpServerExchange exchange, String path, Optional<ObjectNode> traefikJson) {
        String[] parts = path.split("/", 5);
        if (parts.length < 4 || !parts[1].equals("api")) {
            return false;
        }
        Optional<StreamApiJson.Section> section = StreamApiJson.Section.of(parts[2], parts[3]);
        if (section.isEmpty()) {
            return false;
        }
        StreamApiJson json = streamJson(traefikJson);
        if (parts.length == 4) {
            list(exchange, json.list(section.get()));
            return true;
        }
        String suffix = "@" + runtime.provider();
        String name = parts[4].endsWith(suffix) ? parts[4].substring(0, parts[4].length() - suffix.length()) : "";
        json.one(section.get(), name).ifPresentOrElse(entity -> Responses.json(exchange, entity),
                () -> Responses.message(exchange, StatusCodes.NOT_FOUND,
                        parts[3].substring(0, parts[3].length() - 1) + " not found"));
        return true;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static int positive(String text, int fallback) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? value : fallback;
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
