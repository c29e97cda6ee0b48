package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Traefik v2/v3 container labels ({@code traefik.http.routers.R.*}, {@code traefik.http.services.S.loadbalancer.*},
 * {@code traefik.http.middlewares.M.*}). Labels are Traefik's KV layout with dots and list indexes in brackets
 * ({@code tls.domains[0].main} is {@code tls/domains/0/main}), so they are decoded by kv-model's
 * {@link TraefikKvDecoder}, except the label-only {@code loadbalancer.server.port|scheme|weight}. Then
 * Traefik's label defaults apply: no service → one named after the container; no router and one service → a router
 * of that name with the default rule; a router without service → the only service. Rules are read in the router's
 * {@code ruleSyntax} label's syntax, else the layout's; a router whose rule does not parse is left out with a warning.
 */
final class TraefikLabels {
    private static final String HTTP = "traefik.http.";
    private static final String TLS = "traefik.tls.";

    private final Map<String, String> labels;
    private final RouteDefaults defaults;
    private final Findings findings;
    private final Map<String, String> labelByKey = new HashMap<>();
    private final Map<String, Map<String, String>> serverLabels = new TreeMap<>();

    private TraefikLabels(Map<String, String> labels, RouteDefaults defaults, Findings findings) {
        this.labels = labels;
        this.defaults = defaults;
        this.findings = findings;
    }

    /** True when the container has at least one {@code traefik.http.*} label. */
    static boolean present(Map<String, String> labels) {
        return labels.keySet().stream().anyMatch(key -> key.startsWith(HTTP));
    }

    static ContainerRoutes read(Map<String, String> labels, RouteDefaults defaults, Findings findings) {
        return new TraefikLabels(labels, defaults, findings).read();
    }

    private ContainerRoutes read() {
        List<KvPair> pairs = new ArrayList<>();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            if (key.startsWith(HTTP)) {
                if (!serverLabel(key, label.getValue())) {
                    pairKey(key, label.getValue()).ifPresent(pairKey -> {
                        labelByKey.put(pairKey, key);
                        pairs.add(KvPair.of(pairKey, label.getValue()));
                    });
                }
            } else if (TransportLabels.isTransportLabel(key)) {
                continue;
            } else if (key.startsWith(TLS)) {
                findings.warning("label " + key + " ignored: TLS settings are not read from container labels");
            } else if (key.startsWith("traefik.") && !key.equals(ContainerDiscovery.ENABLE_LABEL)) {
                findings.warning("label " + key + " ignored: not a Traefik v2/v3 HTTP label kvroute applies");
            }
        }
        DecodedTree decoded = TraefikKvDecoder.decode(pairs, "traefik");
        decoded.problems().forEach(problem -> report(problem, problem.isError(), labelOf(problem.key())));
        ObjectNode json = decoded.config();
        Set<String> declared = new TreeSet<>();
        pairs.forEach(pair -> declared.add(pair.key().toLowerCase(Locale.ROOT)));
        keepDeclared(json, "traefik", declared);
        ObjectNode http = json.withObjectProperty("http");
        ObjectNode services = http.withObjectProperty("services");
        serverLabels.keySet().forEach(name -> {
            if (!services.has(name)) {
                services.putObject(name).putObject(LoadBalancerService.TYPE);
            }
        });
        if (services.isEmpty()) {
            services.putObject(defaults.serviceName()).putObject(LoadBalancerService.TYPE);
        }
        Set<String> serviceNames = new TreeSet<>();
        services.fieldNames().forEachRemaining(serviceNames::add);
        Set<String> defaultRules = applyRouterDefaults(http.withObjectProperty("routers"), serviceNames);
        MappedConfig mapped = TraefikJsonMapper.fromJson(json, defaults.layoutSyntax());
        for (Problem problem : mapped.problems()) {
            boolean reference = DynamicKeys.isRouterReference(problem.key());
            report(problem, problem.isError() && !reference, labelOf("traefik/" + problem.key()));
        }
        HttpConfig config = mapped.config();
        for (String name : defaultRules) {
            Router router = config.routers().get(name);
            config = config.withRouter(router.withRule(router.rule(),
                    defaults.ruleSyntax(router.service(), router.syntax())));
        }
        return ContainerRoutes.of(withParsedRules(config, defaultRules), serverSpecs(config));
    }

    /**
     * {@code config} without the routers whose rule does not parse in the router's syntax, each reported with its
     * label and the reason: as Traefik disables such a router and serves the container's others.
     */
    private HttpConfig withParsedRules(HttpConfig config, Set<String> defaultRules) {
        TreeMap<String, Router> kept = new TreeMap<>(config.routers());
        for (Router router : config.routers().values()) {
            String source = !defaultRules.contains(router.name())
                    ? "label " + labelOf(DynamicKeys.under("traefik").routerField(router.name(), "rule"))
                    : defaults.kvroute().rule().isPresent() ? "label kvroute.rule" : "--default-rule";
            Optional<String> problem = LabelValues.ruleProblem(router.rule(), router.syntax());
            if (problem.isPresent()) {
                findings.warning(source + "=\"" + router.rule() + "\" (expected: " + problem.get()
                        + "); router " + router.name() + " left out" + syntaxHint(router));
                kept.remove(router.name());
            }
        }
        return new HttpConfig(kept, config.services(), config.middlewares(), config.serversTransports());
    }

    /** How to keep a v3-refused rule when it is Traefik v2 syntax: the router's label, or the layout. */
    private static String syntaxHint(Router router) {
        if (router.syntax() != RuleSyntax.V3 || LabelValues.ruleProblem(router.rule(), RuleSyntax.V2).isPresent()) {
            return "";
        }
        return " (it is a Traefik v2 rule: label traefik.http.routers." + router.name() + ".ruleSyntax=v2 reads it "
                + "so, as --layout=v2 reads every rule)";
    }

    /**
     * The KV key of a label: dots become slashes and a list index in brackets its own segment, as Traefik's label
     * parser reads them ({@code domains[0]} is the list {@code domains}, element 0). A segment that starts with a
     * bracket is refused, as Traefik does; empty when refused.
     */
    private Optional<String> pairKey(String label, String value) {
        StringBuilder key = new StringBuilder();
        for (String segment : label.split("\\.", -1)) {
            if (segment.startsWith("[")) {
                findings.badLabel(label, value, "a field name before the list index, as in domains[0] (a bracket "
                        + "starts a list index)");
                return Optional.empty();
            }
            int bracket = segment.indexOf('[');
            String part = bracket > 0 && segment.endsWith("]")
                    ? segment.substring(0, bracket) + "/" + segment.substring(bracket + 1, segment.length() - 1)
                    : segment;
            key.append(key.length() == 0 ? "" : "/").append(part);
        }
        return Optional.of(key.toString());
    }

    /**
     * Removes what the decoder filled in from Traefik's decode-time defaults, keeping only values some label set, so
     * the declaration says what the container said (and equals the same settings declared elsewhere).
     */
    private static void keepDeclared(ObjectNode object, String path, Set<String> declared) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String childPath = path + "/" + name.toLowerCase(Locale.ROOT);
            boolean covered = declared.stream().anyMatch(key -> key.equals(childPath)
                    || key.startsWith(childPath + "/"));
            if (!covered) {
                object.remove(name);
            } else if (object.get(name) instanceof ObjectNode child) {
                keepDeclared(child, childPath, declared);
            }
        }
    }

    /** Takes {@code traefik.http.services.S.loadbalancer.server.F}; true if the label was one. */
    private boolean serverLabel(String key, String value) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 7 || !parts[2].equalsIgnoreCase("services") || !parts[4].equalsIgnoreCase("loadbalancer")
                || !parts[5].equalsIgnoreCase("server")) {
            return false;
        }
        String field = parts[6].toLowerCase(Locale.ROOT);
        if (!Set.of("port", "scheme", "weight").contains(field)) {
            findings.badLabel(key, value, "a server field kvroute knows: port, scheme or weight");
        } else {
            serverLabels.computeIfAbsent(parts[3], name -> new TreeMap<>()).put(field, key);
        }
        return true;
    }

    /** Adds the default router and fills in rules and services; returns the routers given the default rule. */
    private Set<String> applyRouterDefaults(ObjectNode routers, Set<String> serviceNames) {
        if (routers.isEmpty()) {
            if (serviceNames.size() == 1) {
                routers.putObject(serviceNames.iterator().next());
            } else {
                findings.warning("declares services " + String.join(", ", serviceNames) + " but no router; they are "
                        + "published for routers elsewhere to use");
            }
        }
        Set<String> defaultRules = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : routers.properties()) {
            if (!(entry.getValue() instanceof ObjectNode router)) {
                continue;
            }
            if (!router.hasNonNull("service")) {
                if (serviceNames.size() == 1) {
                    router.put("service", serviceNames.iterator().next());
                } else {
                    findings.error("router " + entry.getKey() + " names no service and the container declares "
                            + serviceNames.size() + " (" + String.join(", ", serviceNames) + ") (expected: label "
                            + "traefik.http.routers." + entry.getKey() + ".service)");
                    continue;
                }
            }
            if (!router.hasNonNull("rule") || router.get("rule").asText().isEmpty()) {
                router.put("rule", defaults.rule(router.get("service").asText()));
                defaultRules.add(entry.getKey());
            }
        }
        return defaultRules;
    }

    private Map<String, ServerSpec> serverSpecs(HttpConfig config) {
        Map<String, ServerSpec> specs = new TreeMap<>();
        serverLabels.forEach((name, fields) -> {
            if (config.service(name).filter(LoadBalancerService.class::isInstance).isEmpty()) {
                findings.error("label " + fields.values().iterator().next() + " is for service " + name
                        + ", which is not a load balancer (expected: server labels only on loadbalancer services)");
            }
        });
        for (var service : config.services().values()) {
            if (!(service instanceof LoadBalancerService)) {
                continue;
            }
            Map<String, String> fields = serverLabels.getOrDefault(service.name(), Map.of());
            OptionalInt port = fields.containsKey("port")
                    ? LabelValues.port(fields.get("port"), labels.get(fields.get("port")), findings) : defaults.port();
            String scheme = fields.containsKey("scheme")
                    ? LabelValues.scheme(fields.get("scheme"), labels.get(fields.get("scheme")), findings).orElse("http")
                    : "http";
            long weight = fields.containsKey("weight")
                    ? LabelValues.weight(fields.get("weight"), labels.get(fields.get("weight")), findings).orElse(0)
                    : defaults.weight();
            specs.put(service.name(), new ServerSpec(port, scheme, weight));
        }
        return specs;
    }

    private void report(Problem problem, boolean error, String label) {
        String text = "label " + label + "=\"" + problem.value() + "\": " + problem.reason();
        if (error) {
            findings.error(text);
        } else {
            findings.warning(text);
        }
    }

    /** The label a decoder key came from (labels are matched ignoring case, as Traefik does). */
    private String labelOf(String key) {
        String exact = labelByKey.get(key);
        if (exact != null) {
            return exact;
        }
        String dotted = key.replace('/', '.');
        return labelByKey.values().stream().filter(label -> label.equalsIgnoreCase(dotted)).findFirst().orElse(dotted);
    }
}
