package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.AddressSelection;
import io.kvroute.agent.docker.AddressSelector;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.docker.ContainerPort;
import io.kvroute.agent.docker.HealthStatus;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns one inspected container into its {@link DiscoveryOutcome}. In order:
 * <ol>
 *   <li>only running containers; {@code traefik.enable=false} always excludes; with
 *       {@code --exposed-by-default=false} only {@code traefik.enable=true} includes;</li>
 *   <li>a container with a Docker HEALTHCHECK only when healthy;</li>
 *   <li>the routes from the first metadata present: Traefik v2/v3 labels ({@code traefik.http.*}), Traefik v1 labels,
 *       nginx-proxy's {@code VIRTUAL_HOST}, else one service and router named after the container with the default
 *       rule; {@code kvroute.*} labels fill in name, port, weight and rule;</li>
 *   <li>each load-balanced service's server address from {@link AddressSelector} with the declared port.</li>
 * </ol>
 * Any error makes the whole container {@link DiscoveryOutcome.Failed failed}; other containers are unaffected. A
 * Traefik label rule that does not parse in its router's syntax is no such error: it leaves only that router out,
 * reported as a warning with the label and the reason (a router Traefik disables, the rest of the container served).
 */
public final class ContainerDiscovery {
    /** The label that includes or excludes a container. */
    public static final String ENABLE_LABEL = "traefik.enable";

    private ContainerDiscovery() {
    }

    public static DiscoveryOutcome discover(ContainerInfo container, DiscoverySettings settings) {
        requireNonNull(container, "container");
        requireNonNull(settings, "settings");
        Origin origin = Origin.container(container.name());
        if (!container.running()) {
            return new DiscoveryOutcome.Skipped(origin, origin + ": not running");
        }
        Findings findings = new Findings(origin);
        Optional<Boolean> enabled = Optional.ofNullable(container.labels().get(ENABLE_LABEL))
                .flatMap(value -> LabelValues.bool(ENABLE_LABEL, value, findings));
        if (findings.hasErrors()) {
            return failed(origin, findings);
        }
        if (enabled.equals(Optional.of(false))) {
            return new DiscoveryOutcome.Skipped(origin, origin + ": label " + ENABLE_LABEL + "=false");
        }
        if (!settings.exposedByDefault() && enabled.isEmpty()) {
            return new DiscoveryOutcome.Skipped(origin, origin + ": not exposed by default (--exposed-by-default=false)"
                    + " and no label " + ENABLE_LABEL + "=true");
        }
        if (container.health() == HealthStatus.STARTING || container.health() == HealthStatus.UNHEALTHY) {
            return new DiscoveryOutcome.Skipped(origin, origin + ": health is "
                    + container.health().name().toLowerCase(Locale.ROOT) + " (published only when healthy)");
        }
        RouteDefaults defaults = defaults(container, settings, findings);
        ContainerRoutes routes = routes(container, defaults, findings);
        if (findings.hasErrors()) {
            return failed(origin, findings);
        }
        List<String> reasons = new ArrayList<>();
        HttpConfig config = withServers(container, settings, routes, findings, reasons);
        TransportRoutes transport = TransportLabels.present(container.labels())
                ? TransportDiscovery.discover(container, settings, defaults.serviceName(), findings, reasons)
                : TransportRoutes.none();
        if (findings.hasErrors()) {
            return failed(origin, findings);
        }
        return new DiscoveryOutcome.Declared(new Declaration(origin, config, reasons, findings.warnings(),
                transport));
    }

    private static RouteDefaults defaults(ContainerInfo container, DiscoverySettings settings, Findings findings) {
        KvrouteLabels kvroute = KvrouteLabels.read(container.labels(), findings);
        return new RouteDefaults(kvroute.name().orElse(defaultServiceName(container)),
                kvroute.port(), kvroute.weight().orElse(Server.DEFAULT_WEIGHT), kvroute, settings.defaultRule(),
                settings.node(), settings.ruleSyntax());
    }

    /**
     * The HTTP routes. As in Traefik's Docker provider, a container with TCP or UDP labels and no HTTP label gets no
     * default HTTP route (its v1 labels or {@code VIRTUAL_HOST}, being HTTP declarations, still apply).
     */
    private static ContainerRoutes routes(ContainerInfo container, RouteDefaults defaults, Findings findings) {
        KvrouteLabels kvroute = defaults.kvroute();
        boolean virtualHost = VirtualHostEnv.present(container.env());
        if (TraefikLabels.present(container.labels())) {
            ignoredEnv(virtualHost, "Traefik v2/v3 labels", findings);
            if (TraefikV1Labels.present(container.labels())) {
                findings.warning("Traefik v1 labels ignored: the container has Traefik v2/v3 labels");
            }
            return TraefikLabels.read(container.labels(), defaults, findings);
        }
        if (TraefikV1Labels.present(container.labels())) {
            ignoredEnv(virtualHost, "Traefik v1 labels", findings);
            return TraefikV1Labels.read(container.labels(), defaults, findings);
        }
        if (virtualHost) {
            return VirtualHostEnv.read(container.env(), defaults, findings);
        }
        if (TransportLabels.present(container.labels())) {
            return ContainerRoutes.of(HttpConfig.of(List.of(), List.of(), List.of()), Map.of());
        }
        String name = defaults.serviceName();
        String rule = defaults.rule(name);
        Optional<String> problem = LabelValues.ruleProblem(rule, defaults.ruleSyntax(name));
        if (problem.isPresent()) {
            findings.warning((kvroute.rule().isPresent() ? "label kvroute.rule" : "--default-rule") + "=\"" + rule
                    + "\" (expected: " + problem.get() + "); router " + name + " left out");
            return ContainerRoutes.of(HttpConfig.of(List.of(), List.of(), List.of()), Map.of());
        }
        Router router = Router.of(name, rule, name).withRule(rule, defaults.ruleSyntax(name));
        return ContainerRoutes.of(HttpConfig.of(List.of(router), List.of(LoadBalancerService.of(name, List.of())),
                List.of()), Map.of(name, defaults.server("http")));
    }

    private static void ignoredEnv(boolean virtualHost, String winner, Findings findings) {
        if (virtualHost) {
            findings.warning("env " + VirtualHostEnv.HOST + " ignored: the container has " + winner);
        }
    }

    /** Traefik's service name: the Compose service and project when present, else the container name, normalised. */
    private static String defaultServiceName(ContainerInfo container) {
        String service = container.labels().get(RouteDefaults.COMPOSE_SERVICE);
        String project = container.labels().get(RouteDefaults.COMPOSE_PROJECT);
        String name = service != null && project != null ? service + "_" + project : container.name();
        String normalized = EntityNames.normalize(name);
        return normalized.isEmpty() ? "container-" + container.shortId() : normalized;
    }

    private static HttpConfig withServers(ContainerInfo container, DiscoverySettings settings, ContainerRoutes routes,
            Findings findings, List<String> reasons) {
        Map<OptionalInt, AddressSelection> selections = new LinkedHashMap<>();
        HttpConfig config = routes.config();
        for (Map.Entry<String, ServerSpec> entry : routes.servers().entrySet()) {
            ServerSpec spec = entry.getValue();
            AddressSelection selection = selections.computeIfAbsent(spec.port(), port -> {
                AddressSelection selected = AddressSelector.select(container, settings.addressPolicy(), port);
                if (selected instanceof AddressSelection.Chosen) {
                    reasons.add(selected.reason());
                } else {
                    findings.raw(selected.reason());
                }
                return selected;
            });
            if (selection instanceof AddressSelection.Chosen chosen) {
                Service service = config.services().get(entry.getKey());
                String instance = container.name() + "-" + instancePort(container, spec.port(), chosen);
                Server server = new Server(instance, spec.scheme() + "://" + chosen.authority(),
                        OptionalLong.of(spec.weight()), false);
                config = config.withService(((LoadBalancerService) service).withServers(List.of(server)));
            }
        }
        return config;
    }

    /** The port that names the instance: the container port (stable across restarts), else the chosen one. */
    static int instancePort(ContainerInfo container, OptionalInt port, AddressSelection.Chosen chosen) {
        if (port.isPresent()) {
            return port.getAsInt();
        }
        List<ContainerPort> exposed = container.exposedPorts().stream().filter(ContainerPort::isTcp).toList();
        return exposed.size() == 1 ? exposed.get(0).port() : chosen.port();
    }

    private static DiscoveryOutcome failed(Origin origin, Findings findings) {
        return new DiscoveryOutcome.Failed(origin, findings.errors(), findings.warnings());
    }
}
