package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps Traefik v2/v3 dynamic configuration JSON ({@code {"http": {"routers", "services", "middlewares",
 * "serversTransports"}, "tls": {"certificates", "options", "stores"}, "tcp": {...}, "udp": {...}}}, Traefik's field
 * names, decode-time defaults applied) to the typed {@link HttpConfig}, {@link TlsConfig}, {@link TcpConfig} and
 * {@link UdpConfig}, and HTTP and TLS back. Reading never throws: JSON of the wrong
 * type and semantic faults become {@link Problem}s keyed by the Traefik key path relative to the layout root
 * ({@code http/services/app/loadBalancer/servers/0/url}), and faulty entities stay in the config. TLS files are
 * not read here: {@link TlsChecks} loads and checks them.
 */
public final class TraefikJsonMapper {
    private static final Set<String> SECTIONS = Set.of(DynamicKeys.HTTP, DynamicKeys.TCP, DynamicKeys.UDP,
            DynamicKeys.TLS);

    private TraefikJsonMapper() {
    }

    /** The typed config of {@code json} and every problem found in it; rules without {@code ruleSyntax} are v3. */
    public static MappedConfig fromJson(ObjectNode json) {
        return fromJson(json, RuleSyntax.V3);
    }

    /**
     * The typed config of {@code json} and every problem found in it; the rules of routers without
     * {@code ruleSyntax} are in {@code defaultSyntax} ({@link RuleSyntax#V2} for a store written for Traefik v2).
     */
    public static MappedConfig fromJson(ObjectNode json, RuleSyntax defaultSyntax) {
        return fromJson(json, defaultSyntax, SemanticChecks.Scope.ALL);
    }

    /**
     * {@link #fromJson(ObjectNode, RuleSyntax)} without the problems of references between entities
     * ({@link #referenceProblems}), which depend on the rest of the configuration: what a configuration kept per
     * entity maps one entity with.
     */
    public static MappedConfig fromJsonWithoutReferences(ObjectNode json, RuleSyntax defaultSyntax) {
        return fromJson(json, defaultSyntax, SemanticChecks.Scope.LOCAL);
    }

    /**
     * The problems of {@code router}'s references to the services and middlewares of {@code config} (keys relative
     * to the root); with {@link #fromJsonWithoutReferences} they make what {@link #fromJson} reports.
     */
    public static List<Problem> referenceProblems(Router router, HttpConfig config) {
        return SemanticChecks.references(requireNonNull(router, "router"), requireNonNull(config, "config"),
                ProblemKeys.V3);
    }

    /** The problems of a weighted service's references to the services of {@code config}; none for other kinds. */
    public static List<Problem> referenceProblems(Service service, HttpConfig config) {
        return SemanticChecks.references(requireNonNull(service, "service"), requireNonNull(config, "config"),
                ProblemKeys.V3);
    }

    private static MappedConfig fromJson(ObjectNode json, RuleSyntax defaultSyntax, SemanticChecks.Scope checks) {
        requireNonNull(json, "json");
        requireNonNull(defaultSyntax, "defaultSyntax");
        List<Problem> problems = new ArrayList<>();
        TreeMap<String, Router> routers = new TreeMap<>();
        TreeMap<String, Service> services = new TreeMap<>();
        TreeMap<String, Middleware> middlewares = new TreeMap<>();
        TreeMap<String, ServersTransport> transports = new TreeMap<>();
        json.properties().forEach(section -> {
            if (!SECTIONS.contains(section.getKey())) {
                problems.add(Problem.warning(section.getKey(), FieldReader.describe(section.getValue()),
                        "not a section of Traefik's dynamic configuration (expected http, tcp, udp or tls)", null));
            }
        });
        TcpConfig tcp = Optional.ofNullable(json.get(DynamicKeys.TCP))
                .map(node -> TcpJson.read(FieldReader.of(asObject(node, DynamicKeys.TCP, problems), DynamicKeys.TCP,
                        null, problems), defaultSyntax, problems))
                .orElse(TcpConfig.empty());
        UdpConfig udp = Optional.ofNullable(json.get(DynamicKeys.UDP))
                .map(node -> UdpJson.read(FieldReader.of(asObject(node, DynamicKeys.UDP, problems), DynamicKeys.UDP,
                        null, problems), problems))
                .orElse(UdpConfig.empty());
        TlsConfig tls = Optional.ofNullable(json.get(DynamicKeys.TLS))
                .map(node -> TlsJson.read(asObject(node, DynamicKeys.TLS, problems), problems))
                .orElse(TlsConfig.empty());
        FieldReader http = Optional.ofNullable(json.get("http"))
                .map(node -> FieldReader.of(asObject(node, "http", problems), "http", null, problems))
                .orElse(FieldReader.of(json.objectNode(), "http", null, problems));
        http.object("routers").ifPresent(section -> readEach(section, DynamicKeys.RELATIVE.routers(), problems,
                (name, node) -> Optional.of(RouterJson.read(name, node, defaultSyntax, problems)), routers));
        http.object("services").ifPresent(section -> readEach(section, DynamicKeys.RELATIVE.services(), problems,
                (name, node) -> ServiceJson.read(name, node, problems), services));
        http.object("middlewares").ifPresent(section -> readEach(section, DynamicKeys.RELATIVE.middlewares(), problems,
                (name, node) -> MiddlewareJson.read(name, node, problems), middlewares));
        http.object(DynamicKeys.SERVERS_TRANSPORTS).ifPresent(section -> readEach(section,
                DynamicKeys.RELATIVE.serversTransports(), problems,
                (name, node) -> Optional.of(ServersTransportJson.read(name, node, problems)), transports));
        for (String other : http.unread()) {
            http.warning(other, "", "not applied by kvroute");
        }
        HttpConfig config = new HttpConfig(routers, services, middlewares, transports);
        problems.addAll(SemanticChecks.check(config, ProblemKeys.V3, checks));
        return new MappedConfig(config, tls, tcp, udp, problems);
    }

    /** Traefik's JSON for {@code config}: servers as arrays, exactly the shape Traefik reads and shows. */
    public static ObjectNode toJson(HttpConfig config) {
        return toJson(config, ServerListStyle.ARRAY);
    }

    /**
     * Traefik's JSON for {@code config} with servers in {@code style}. Routers are written with their rule text as is:
     * convert v1-syntax rules first; a v1 frontend's passHostHeader override has no v2/v3 field.
     */
    public static ObjectNode toJson(HttpConfig config, ServerListStyle style) {
        requireNonNull(config, "config");
        requireNonNull(style, "style");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode http = json.putObject("http");
        if (!config.routers().isEmpty()) {
            ObjectNode routers = http.putObject("routers");
            config.routers().forEach((name, router) -> routers.set(name, RouterJson.write(router)));
        }
        if (!config.services().isEmpty()) {
            ObjectNode services = http.putObject("services");
            config.services().forEach((name, service) -> services.set(name, ServiceJson.write(service, style)));
        }
        if (!config.middlewares().isEmpty()) {
            ObjectNode middlewares = http.putObject("middlewares");
            config.middlewares().forEach((name, middleware) -> middlewares.set(name, MiddlewareJson.write(middleware)));
        }
        if (!config.serversTransports().isEmpty()) {
            ObjectNode transports = http.putObject(DynamicKeys.SERVERS_TRANSPORTS);
            config.serversTransports().forEach((name, transport) ->
                    transports.set(name, ServersTransportJson.write(transport)));
        }
        return json;
    }

    /** Traefik's JSON for a {@code tls} section: {@code {"tls": {"certificates", "options", "stores"}}}. */
    public static ObjectNode toJson(TlsConfig tls) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set(DynamicKeys.TLS, TlsJson.write(requireNonNull(tls, "tls")));
        return json;
    }

    /** Reads every named entity of a section; a name or JSON that cannot form an entity is reported and skipped. */
    private static <T> void readEach(FieldReader section, String key, List<Problem> problems,
            EntityReader<T> reader, Map<String, T> into) {
        section.forEachEntity((name, object) -> {
            try {
                reader.read(name, object).ifPresent(entity -> into.put(name, entity));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(key + "/" + name, FieldReader.describe(object), e.getMessage(), null));
            }
        });
    }

    private static ObjectNode asObject(JsonNode node, String key, List<Problem> problems) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        problems.add(Problem.error(key, FieldReader.describe(node), "expected an object", null));
        return JsonNodeFactory.instance.objectNode();
    }

    /** Reads one entity from its name and JSON. */
    private interface EntityReader<T> {
        Optional<T> read(String name, ObjectNode json);
    }
}
