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
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Traefik's read-only API over the running proxy: {@code /api/rawdata}, {@code /api/overview},
 * {@code /api/version}, {@code /api/entrypoints}, v1's {@code /api/providers} (only while the store holds a v1
 * configuration: Traefik v2 and v3 have no such endpoint), and
 * {@code /api/http/{routers,services,middlewares}[/{name@provider}]}, {@code /api/tcp/{routers,services,middlewares}}
 * and {@code /api/udp/{routers,services}} (with {@code /{name@provider}}; empty lists when none),
 * {@code /api/certificates[/{fingerprint}]} ({@link CertificatesApiJson}), the HTTP sections, rawdata and overview
 * with the {@code @internal} entities of the entry points' redirections ({@link InternalRedirections}), with
 * Traefik's query parameters ({@code search}, {@code status}, {@code serviceName}, {@code middlewareName}, {@code sortBy}, {@code direction},
 * {@code page}, {@code per_page}) and {@code X-Next-Page}.
 */
final class TraefikApi {
    private static final String HTTP = "/api/http/";
    private static final String CERTIFICATES = "/api/certificates";
    private static final HttpString NEXT_PAGE = HttpString.tryFromString("X-Next-Page");
    private static final long DEFAULT_PER_PAGE = 100;
    /** The text Go's {@code strconv.Atoi} reads as a number: an optional sign and ASCII digits. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

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
            case "/api/rawdata" -> Responses.json(exchange, withInternal(json(traefikJson).rawdata()));
            case "/api/overview" -> Responses.json(exchange, withInternalCounts(json(traefikJson).overview(
                    streamJson(traefikJson), CertificatesApiJson.counts(runtime.tls(), Instant.now()))));
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
                if (path.equals(CERTIFICATES) || path.startsWith(CERTIFICATES + "/")) {
                    return certificates(exchange, path);
                }
                return http(exchange, path, traefikJson) || stream(exchange, path, traefikJson);
            }
        }
        return true;
    }

    private TraefikJson json(Optional<ObjectNode> traefikJson) {
        return new TraefikJson(RuntimeView.of(runtime), traefikJson);
    }

    /** {@code rawdata} with the entities of the entry points' redirections ({@link InternalRedirections}). */
    private ObjectNode withInternal(ObjectNode rawdata) {
        InternalRedirections internal = InternalRedirections.of(runtime);
        for (TraefikJson.Section section : TraefikJson.Section.values()) {
            internal.of(section).forEach((name, entity) -> rawdata.withObject("/" + section.json).set(name,
                    entity.deepCopy()));
        }
        return rawdata;
    }

    /** {@code overview} counting the entities of the entry points' redirections too (all enabled). */
    private ObjectNode withInternalCounts(ObjectNode overview) {
        InternalRedirections internal = InternalRedirections.of(runtime);
        for (TraefikJson.Section section : TraefikJson.Section.values()) {
            ObjectNode counts = overview.withObject("/http/" + section.json);
            counts.put("total", counts.path("total").asLong() + internal.of(section).size());
        }
        return overview;
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
        InternalRedirections internal = InternalRedirections.of(runtime);
        if (internal.of(section.get()).containsKey(qualified)) {
            Responses.json(exchange, internal.listed(section.get(), qualified));
            return true;
        }
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

    private void list(HttpServerExchange exchange, TraefikJson json, TraefikJson.Section section) {
        List<ObjectNode> entities = new ArrayList<>();
        json.names(section).forEach(name -> entities.add(json.listed(section, name)));
        InternalRedirections internal = InternalRedirections.of(runtime);
        internal.of(section).keySet().forEach(name -> entities.add(internal.listed(section, name)));
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
        page(exchange, matching);
    }

    /**
     * Answers one page of {@code entities} as Traefik pages them: {@code per_page} (100) from {@code page} (1),
     * {@code X-Next-Page} the next page or 1 on the last, 400 for a page past the end or a value that is not a
     * positive number.
     */
    private static void page(HttpServerExchange exchange, List<ObjectNode> entities) {
        Optional<Long> perPage = positive(query(exchange, "per_page"), DEFAULT_PER_PAGE);
        Optional<Long> page = positive(query(exchange, "page"), 1);
        if (perPage.isEmpty() || page.isEmpty()) {
            String name = perPage.isEmpty() ? "per_page" : "page";
            Responses.message(exchange, StatusCodes.BAD_REQUEST, "invalid request: " + name + ": "
                    + numberOrZero(query(exchange, name)));
            return;
        }
        long from = saturatedProduct(page.get() - 1, perPage.get());
        if (from != 0 && from >= entities.size()) {
            Responses.message(exchange, StatusCodes.BAD_REQUEST, "invalid request: page: " + page.get()
                    + ", per_page: " + perPage.get());
            return;
        }
        ArrayNode answer = Responses.JSON.createArrayNode();
        entities.stream().skip(from).limit(perPage.get()).forEach(answer::add);
        boolean more = from < entities.size() - perPage.get();
        exchange.getResponseHeaders().put(NEXT_PAGE, more ? page.get() + 1 : 1);
        Responses.json(exchange, answer);
    }

    /**
     * {@code /api/certificates} with Traefik's {@code search} (in the common name, issuer and SANs), {@code status},
     * {@code sortBy} ({@code name} or {@code cn}: the common name, {@code status}, {@code issuer},
     * {@code validUntil}), {@code direction} and paging; {@code /api/certificates/{fingerprint}}.
     */
    private boolean certificates(HttpServerExchange exchange, String path) {
        Map<String, ObjectNode> all = CertificatesApiJson.all(runtime.tls(), Instant.now());
        if (path.startsWith(CERTIFICATES + "/")) {
            String id = path.substring(CERTIFICATES.length() + 1);
            Optional.ofNullable(all.get(id)).ifPresentOrElse(certificate -> Responses.json(exchange, certificate),
                    () -> Responses.message(exchange, StatusCodes.NOT_FOUND, "certificate not found: " + id));
            return true;
        }
        String search = query(exchange, "search").toLowerCase(Locale.ROOT);
        String status = query(exchange, "status");
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode certificate : all.values()) {
            if ((status.isEmpty() || certificate.get("status").asText().equalsIgnoreCase(status))
                    && (search.isEmpty() || CertificatesApiJson.searchable(certificate).stream()
                            .anyMatch(field -> field.toLowerCase(Locale.ROOT).contains(search)))) {
                matching.add(certificate);
            }
        }
        Comparator<ObjectNode> byName = Comparator.comparing(c -> c.get("commonName").asText());
        Comparator<ObjectNode> order = switch (query(exchange, "sortBy")) {
            case "status" -> Comparator.<ObjectNode, String>comparing(c -> c.get("status").asText())
                    .thenComparing(byName);
            case "issuer" -> Comparator.comparing(CertificatesApiJson::issuer).thenComparing(byName);
            case "validUntil" -> Comparator.<ObjectNode, Instant>comparing(c -> Instant.parse(c.get("notAfter")
                    .asText())).thenComparing(byName);
            default -> byName;
        };
        order = order.thenComparing(c -> c.get("name").asText());
        String direction = query(exchange, "direction");
        matching.sort(direction.isEmpty() || direction.equals("asc") ? order : order.reversed());
        page(exchange, matching);
        return true;
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

    /**
     * The number Traefik's 400 names for a parameter that is not a positive 64-bit number, as Go's
     * {@code strconv.Atoi} reports it: the number, the 64-bit bound it overflows, else 0.
     */
    static long numberOrZero(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return 0;
        }
        return new BigInteger(text).max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE))
                .longValue();
    }

    /**
     * The positive number {@code text} is as Go's 64-bit {@code strconv.Atoi} reads it, {@code fallback} when
     * empty, empty when not one.
     */
    static Optional<Long> positive(String text, long fallback) {
        if (text.isEmpty()) {
            return Optional.of(fallback);
        }
        if (!DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(text);
        return value.signum() > 0 && value.bitLength() < Long.SIZE ? Optional.of(value.longValue())
                : Optional.empty();
    }

    /** {@code a * b} of two non-negative numbers, {@link Long#MAX_VALUE} past it (a start no list reaches). */
    static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
