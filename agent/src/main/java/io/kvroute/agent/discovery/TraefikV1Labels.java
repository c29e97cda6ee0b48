package io.kvroute.agent.discovery;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Traefik v1 container labels: {@code traefik.frontend.rule} (a v1 rule), {@code traefik.port},
 * {@code traefik.weight}, {@code traefik.backend}, {@code traefik.protocol}, {@code traefik.frontend.priority},
 * {@code traefik.frontend.entryPoints} and {@code traefik.frontend.passHostHeader}. One frontend (router) and one
 * backend (service), both named after the backend. Other v1 labels are reported as ignored.
 */
final class TraefikV1Labels {
    static final String RULE = "traefik.frontend.rule";
    static final String PORT = "traefik.port";
    static final String WEIGHT = "traefik.weight";
    static final String BACKEND = "traefik.backend";
    static final String PROTOCOL = "traefik.protocol";
    static final String PRIORITY = "traefik.frontend.priority";
    static final String ENTRY_POINTS = "traefik.frontend.entryPoints";
    static final String PASS_HOST_HEADER = "traefik.frontend.passHostHeader";
    private static final Set<String> KNOWN = Set.of(RULE, PORT, WEIGHT, BACKEND, PROTOCOL, PRIORITY, ENTRY_POINTS,
            PASS_HOST_HEADER, ContainerDiscovery.ENABLE_LABEL);

    private TraefikV1Labels() {
    }

    /** True when the container has a v1 label such as {@code traefik.frontend.rule} or {@code traefik.port}. */
    static boolean present(Map<String, String> labels) {
        return labels.keySet().stream().anyMatch(key -> KNOWN.contains(key) && !key.equals(ContainerDiscovery.ENABLE_LABEL)
                || key.startsWith("traefik.frontend.") || key.startsWith("traefik.backend."));
    }

    static ContainerRoutes read(Map<String, String> labels, RouteDefaults defaults, Findings findings) {
        labels.keySet().stream()
                .filter(key -> key.startsWith("traefik.") && !KNOWN.contains(key))
                .forEach(key -> findings.warning("label " + key + " ignored: a Traefik v1 label kvroute does not apply"));
        String service = Optional.ofNullable(labels.get(BACKEND)).map(value -> backend(value, findings))
                .orElse(defaults.serviceName());
        String rule = Optional.ofNullable(labels.get(RULE)).map(String::trim).orElse(defaults.rule(service));
        RuleSyntax syntax = labels.containsKey(RULE) ? RuleSyntax.V1 : defaults.ruleSyntax(service);
        LabelValues.rule(labels.containsKey(RULE) ? RULE : "kvroute.rule", rule, syntax, findings);
        long priority = Optional.ofNullable(labels.get(PRIORITY))
                .map(value -> LabelValues.priority(PRIORITY, value, findings)).orElse(OptionalLong.empty()).orElse(0);
        List<String> entryPoints = Optional.ofNullable(labels.get(ENTRY_POINTS))
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        boolean passHostHeader = Optional.ofNullable(labels.get(PASS_HOST_HEADER))
                .flatMap(value -> LabelValues.bool(PASS_HOST_HEADER, value, findings)).orElse(true);
        OptionalInt port = Optional.ofNullable(labels.get(PORT))
                .map(value -> LabelValues.port(PORT, value, findings)).orElse(defaults.port());
        long weight = Optional.ofNullable(labels.get(WEIGHT))
                .map(value -> LabelValues.weight(WEIGHT, value, findings).orElse(0)).orElse(defaults.weight());
        String scheme = Optional.ofNullable(labels.get(PROTOCOL))
                .flatMap(value -> LabelValues.scheme(PROTOCOL, value, findings)).orElse("http");
        Router router = new Router(service, rule, syntax, ImmutableSortedMap.of(), service, entryPoints, List.of(),
                priority, Optional.empty(), Optional.empty(), RawSettings.empty());
        LoadBalancerService backend = LoadBalancerService.of(service, List.of()).withPassHostHeader(passHostHeader);
        return ContainerRoutes.of(HttpConfig.of(List.of(router), List.of(backend), List.of()),
                Map.of(service, new ServerSpec(port, scheme, weight)));
    }

    private static String backend(String value, Findings findings) {
        String name = value.trim();
        if (name.isEmpty() || name.contains("/") || name.contains("@") || name.contains(" ")) {
            findings.badLabel(BACKEND, value, "a backend name without '/', '@' or spaces");
            return "invalid";
        }
        return name;
    }
}
