package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.kv.rule.TcpRuleParser;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Traefik v2/v3 {@code traefik.tcp.*} and {@code traefik.udp.*} container labels, read as Traefik's Docker provider
 * reads them: decoded by kv-model's {@link TraefikKvDecoder} (labels are the KV layout with dots), except the
 * label-only {@code loadbalancer.server.port} (and {@code .tls} for TCP), which say how the container's address
 * becomes the server. Traefik's defaults: a section without services gets one named after the container; a router
 * without service gets the section's only service (with several, the container fails, naming the label); a TCP router
 * needs a rule (Traefik has no default TCP rule), checked with kv-model's {@link TcpRuleParser} in the router's
 * {@code ruleSyntax}, else the layout's (Traefik v3 applies {@code core.defaultRuleSyntax} to TCP routers too); a rule
 * that does not parse leaves its router out with a warning, as for HTTP routers.
 */
final class TransportLabels {
    private static final List<String> SECTIONS = List.of(DynamicKeys.TCP, DynamicKeys.UDP);

    /** What the labels declare: the routes and, per load balancer, how the container serves it. */
    record Read(TransportRoutes routes, List<TransportServerSpec> specs) {
    }

    private TransportLabels() {
    }

    /** True when the container has at least one {@code traefik.tcp.*} or {@code traefik.udp.*} label. */
    static boolean present(Map<String, String> labels) {
        return labels.keySet().stream().anyMatch(TransportLabels::isTransportLabel);
    }

    static boolean isTransportLabel(String label) {
        return SECTIONS.stream().anyMatch(section -> label.startsWith("traefik." + section + "."));
    }

    static Read read(Map<String, String> labels, String serviceName, RuleSyntax defaultSyntax, Findings findings) {
        List<KvPair> pairs = new ArrayList<>();
        Map<String, String> labelByKey = new TreeMap<>();
        Map<String, Map<String, String>> serverFields = new TreeMap<>();
        List<String> used = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            String key = label.getKey();
            if (!isTransportLabel(key)) {
                continue;
            }
            used.add(key);
            String[] parts = key.split("\\.", -1);
            if (parts.length == 7 && parts[2].equalsIgnoreCase(DynamicKeys.SERVICES)
                    && parts[4].equalsIgnoreCase(DynamicKeys.LOAD_BALANCER) && parts[5].equalsIgnoreCase("server")) {
                serverField(parts[1] + "/" + parts[3], parts[6].toLowerCase(Locale.ROOT), key, label.getValue(),
                        serverFields, findings);
                continue;
            }
            String pairKey = key.replace('.', '/').replaceAll("\\[([0-9]+)]", "/$1");
            labelByKey.put(pairKey.toLowerCase(Locale.ROOT), key);
            pairs.add(KvPair.of(pairKey, label.getValue()));
        }
        DecodedTree decoded = TraefikKvDecoder.decode(pairs, "traefik");
        for (Problem problem : decoded.problems()) {
            String label = labelByKey.getOrDefault(String.valueOf(problem.key()).toLowerCase(Locale.ROOT),
                    String.valueOf(problem.key()).replace('/', '.'));
            String text = "label " + label + "=\"" + problem.value() + "\": " + problem.reason();
            if (problem.isError()) {
                findings.error(text);
            } else {
                findings.warning(text);
            }
        }
        ObjectNode json = decoded.config().deepCopy();
        json.remove(List.of(DynamicKeys.HTTP, DynamicKeys.TLS));
        List<TransportServerSpec> specs = new ArrayList<>();
        for (String section : SECTIONS) {
            boolean declared = used.stream().anyMatch(label -> label.startsWith("traefik." + section + "."));
            if (declared) {
                specs.addAll(applyDefaults(section, json.withObjectProperty(section), serviceName, serverFields,
                        labels, defaultSyntax, findings));
            }
        }
        return new Read(new TransportRoutes(json, List.of(), used), specs);
    }

    /**
     * Checks the rule in the syntax the proxy reads it with (the router's {@code ruleSyntax}, else
     * {@code defaultSyntax}); false when it does not parse, reported as a warning naming the label.
     */
    private static boolean tcpRule(String rule, RuleSyntax syntax, String label, String router, Findings findings) {
        if (rule.isEmpty()) {
            findings.error("tcp router " + router + " has no rule (expected: label " + label + ", e.g. HostSNI(`*`); "
                    + "Traefik has no default TCP rule)");
            return true;
        }
        try {
            if (syntax == RuleSyntax.V2) {
                TcpRuleParser.parseV2(rule);
            } else {
                TcpRuleParser.parse(rule);
            }
            return true;
        } catch (RuleSyntaxException e) {
            findings.warning("label " + label + "=\"" + rule + "\" (expected: a Traefik "
                    + syntax.name().toLowerCase(Locale.ROOT) + " TCP rule; " + e.getMessage() + "); router " + router
                    + " left out");
            return false;
        }
    }

    private static void serverField(String service, String field, String label, String value,
            Map<String, Map<String, String>> serverFields, Findings findings) {
        Set<String> known = service.startsWith(DynamicKeys.TCP + "/") ? Set.of("port", "tls") : Set.of("port");
        if (!known.contains(field)) {
            findings.badLabel(label, value, "a server field Traefik knows: " + String.join(" or ", new TreeSet<>(known)));
            return;
        }
        serverFields.computeIfAbsent(service, name -> new TreeMap<>()).put(field, label);
    }

    private static List<TransportServerSpec> applyDefaults(String section, ObjectNode config, String serviceName,
            Map<String, Map<String, String>> serverFields, Map<String, String> labels, RuleSyntax defaultSyntax,
            Findings findings) {
        ObjectNode services = config.withObjectProperty(DynamicKeys.SERVICES);
        serverFields.keySet().stream().filter(key -> key.startsWith(section + "/"))
                .map(key -> key.substring(section.length() + 1))
                .filter(name -> !services.has(name))
                .forEach(name -> services.putObject(name).putObject(DynamicKeys.LOAD_BALANCER));
        if (services.isEmpty()) {
            services.putObject(serviceName).putObject(DynamicKeys.LOAD_BALANCER);
        }
        Set<String> serviceNames = new TreeSet<>();
        services.fieldNames().forEachRemaining(serviceNames::add);
        ObjectNode routers = config.withObjectProperty(DynamicKeys.ROUTERS);
        List<String> leftOut = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : routers.properties()) {
            String label = "traefik." + section + ".routers." + entry.getKey();
            if (!(entry.getValue() instanceof ObjectNode router)) {
                continue;
            }
            if (!router.hasNonNull(DynamicKeys.ROUTER_SERVICE)) {
                if (serviceNames.size() == 1) {
                    router.put(DynamicKeys.ROUTER_SERVICE, serviceNames.iterator().next());
                } else {
                    findings.error(section + " router " + entry.getKey() + " names no service and the container "
                            + "declares " + serviceNames.size() + " (" + String.join(", ", serviceNames)
                            + ") (expected: label " + label + ".service)");
                }
            }
            if (section.equals(DynamicKeys.TCP) && !tcpRule(router.path("rule").asText(""),
                    RuleSyntax.ofRouter(router.path("ruleSyntax").asText(""), defaultSyntax), label + ".rule",
                    entry.getKey(), findings)) {
                leftOut.add(entry.getKey());
            }
        }
        routers.remove(leftOut);
        if (routers.isEmpty()) {
            config.remove(DynamicKeys.ROUTERS);
        }
        List<TransportServerSpec> specs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            Map<String, String> fields = serverFields.getOrDefault(section + "/" + entry.getKey(), Map.of());
            if (!entry.getValue().has(DynamicKeys.LOAD_BALANCER)) {
                if (!fields.isEmpty()) {
                    findings.error("label " + fields.values().iterator().next() + " is for " + section + " service "
                            + entry.getKey() + ", which is not a load balancer (expected: server labels only on "
                            + "loadbalancer services)");
                }
                continue;
            }
            OptionalInt port = fields.containsKey("port")
                    ? LabelValues.port(fields.get("port"), labels.get(fields.get("port")), findings) : OptionalInt.empty();
            boolean tls = fields.containsKey("tls")
                    && LabelValues.bool(fields.get("tls"), labels.get(fields.get("tls")), findings).orElse(false);
            specs.add(new TransportServerSpec(section, entry.getKey(), port, tls));
        }
        return specs;
    }
}
