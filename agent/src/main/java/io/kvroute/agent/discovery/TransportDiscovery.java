package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.agent.docker.AddressSelection;
import io.kvroute.agent.docker.AddressSelector;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.docker.ContainerPort;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TraefikJsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A container's TCP and UDP routes: its {@link TransportLabels} with one server per load balancer at the container's
 * address and the declared port, as Traefik's Docker provider builds it ({@code ip:port}); the port is one of the
 * section's protocol (a UDP service's published or only exposed port is a {@code /udp} one). The result is checked with
 * kv-model's {@link TraefikJsonMapper}: an error (a bad rule, an unknown field value) fails the container, naming the
 * label's key.
 */
final class TransportDiscovery {
    private TransportDiscovery() {
    }

    static TransportRoutes discover(ContainerInfo container, DiscoverySettings settings, String serviceName,
            Findings findings, List<String> reasons) {
        TransportLabels.Read read = TransportLabels.read(container.labels(), serviceName, settings.ruleSyntax(),
                findings);
        Map<String, AddressSelection> selections = new LinkedHashMap<>();
        List<TransportServer> servers = new ArrayList<>();
        for (TransportServerSpec spec : read.specs()) {
            String protocol = spec.section().equals(DynamicKeys.UDP) ? "udp" : "tcp";
            AddressSelection selection = selections.computeIfAbsent(protocol + " " + spec.port(), key -> {
                AddressSelection selected = AddressSelector.select(container, settings.addressPolicy(), spec.port(),
                        protocol);
                if (selected instanceof AddressSelection.Chosen) {
                    reasons.add(selected.reason());
                } else {
                    findings.raw(selected.reason());
                }
                return selected;
            });
            if (selection instanceof AddressSelection.Chosen chosen) {
                int port = instancePort(container, spec.port(), protocol, chosen);
                servers.add(new TransportServer(spec.section(), spec.service(), container.name() + "-" + port,
                        chosen.authority(), spec.tls()));
            }
        }
        TransportRoutes routes = read.routes().withServers(servers);
        check(withServerJson(routes.config(), servers), findings);
        return routes;
    }

    /** The port that names the instance: the container port (stable across restarts), else the chosen one. */
    private static int instancePort(ContainerInfo container, OptionalInt port, String protocol,
            AddressSelection.Chosen chosen) {
        if (port.isPresent()) {
            return port.getAsInt();
        }
        List<ContainerPort> exposed = container.exposedPorts().stream()
                .filter(exposedPort -> exposedPort.protocol().equals(protocol)).toList();
        return exposed.size() == 1 ? exposed.get(0).port() : chosen.port();
    }

    /** {@code config} with each server in its load balancer's {@code servers} list ({@code address}, {@code tls}). */
    static ObjectNode withServerJson(ObjectNode config, List<TransportServer> servers) {
        for (TransportServer server : servers) {
            ObjectNode loadBalancer = config.withObjectProperty(server.section())
                    .withObjectProperty(DynamicKeys.SERVICES).withObjectProperty(server.service())
                    .withObjectProperty(DynamicKeys.LOAD_BALANCER);
            ArrayNode list = loadBalancer.withArrayProperty(DynamicKeys.SERVERS);
            ObjectNode json = list.addObject().put("address", server.address());
            if (server.tls()) {
                json.put(DynamicKeys.TLS, true);
            }
        }
        return config;
    }

    private static void check(ObjectNode config, Findings findings) {
        MappedConfig mapped = TraefikJsonMapper.fromJson(config);
        for (Problem problem : mapped.problems()) {
            String text = "traefik/" + problem.key() + "=\"" + problem.value() + "\": " + problem.reason();
            if (problem.isError()) {
                findings.error(text);
            } else {
                findings.warning(text);
            }
        }
    }
}
