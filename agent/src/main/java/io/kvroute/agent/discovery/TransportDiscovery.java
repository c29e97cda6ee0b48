package io.kvroute.agent.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.agent.docker.AddressSelection;
import io.kvroute.agent.docker.AddressSelector;
import io.kvroute.agent.docker.ContainerInfo;
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
 * address and the declared port, as Traefik's Docker provider builds it ({@code ip:port}). The result is checked with
 * kv-model's {@link TraefikJsonMapper}: an error (a bad rule, an unknown field value) fails the container, naming the
 * label's key.
 */
final class TransportDiscovery {
    private TransportDiscovery() {
    }

    static TransportRoutes discover(ContainerInfo container, DiscoverySettings settings, String serviceName,
            Findings findings, List<String> reasons) {
        TransportLabels.Read read = TransportLabels.read(container.labels(), serviceName, findings);
        Map<OptionalInt, AddressSelection> selections = new LinkedHashMap<>();
        List<TransportServer> servers = new ArrayList<>();
        for (TransportServerSpec spec : read.specs()) {
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
                int port = ContainerDiscovery.instancePort(container, spec.port(), chosen);
                servers.add(new TransportServer(spec.section(), spec.service(), container.name() + "-" + port,
                        chosen.authority(), spec.tls()));
            }
        }
        TransportRoutes routes = read.routes().withServers(servers);
        check(withServerJson(routes.config(), servers), findings);
        return routes;
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
