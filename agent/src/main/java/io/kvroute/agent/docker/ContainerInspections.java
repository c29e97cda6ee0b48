package io.kvroute.agent.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Translates docker-java's inspect response into a {@link ContainerInfo}; nothing else sees docker-java types. */
final class ContainerInspections {
    private ContainerInspections() {
    }

    static ContainerInfo toInfo(InspectContainerResponse inspect) {
        ContainerConfig config = Objects.requireNonNullElseGet(inspect.getConfig(), ContainerConfig::new);
        NetworkSettings network = Objects.requireNonNullElseGet(inspect.getNetworkSettings(), NetworkSettings::new);
        HostConfig hostConfig = Objects.requireNonNullElseGet(inspect.getHostConfig(), HostConfig::new);
        InspectContainerResponse.ContainerState state = inspect.getState();
        HealthState health = state == null ? null : state.getHealth();
        return new ContainerInfo(
                inspect.getId(),
                stripSlash(Objects.requireNonNullElse(inspect.getName(), inspect.getId())),
                Objects.requireNonNullElse(config.getImage(), ""),
                Objects.requireNonNullElse(config.getLabels(), Map.of()),
                parseEnv(config.getEnv()),
                Objects.requireNonNullElse(hostConfig.getNetworkMode(), ""),
                networks(network.getNetworks()),
                exposedPorts(config.getExposedPorts()),
                publishedPorts(network.getPorts()),
                state != null && Boolean.TRUE.equals(state.getRunning()),
                HealthStatus.fromDocker(health == null ? null : health.getStatus()));
    }

    /** Splits {@code KEY=VALUE} entries at the first {@code =}; an entry without {@code =} has value "". */
    static Map<String, String> parseEnv(String[] entries) {
        Map<String, String> env = new HashMap<>();
        if (entries != null) {
            for (String entry : entries) {
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    env.put(entry, "");
                } else if (equals > 0) {
                    env.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        }
        return env;
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static Map<String, String> networks(Map<String, ContainerNetwork> networks) {
        Map<String, String> addresses = new HashMap<>();
        if (networks != null) {
            networks.forEach((name, attachment) ->
                    addresses.put(name, attachment == null ? "" : Objects.requireNonNullElse(attachment.getIpAddress(), "")));
        }
        return addresses;
    }

    private static Set<ContainerPort> exposedPorts(ExposedPort[] exposed) {
        Set<ContainerPort> ports = new HashSet<>();
        if (exposed != null) {
            for (ExposedPort port : exposed) {
                ports.add(toContainerPort(port));
            }
        }
        return ports;
    }

    private static Map<ContainerPort, List<HostBinding>> publishedPorts(Ports ports) {
        Map<ContainerPort, List<HostBinding>> published = new HashMap<>();
        if (ports == null) {
            return published;
        }
        ports.getBindings().forEach((port, bindings) -> {
            List<HostBinding> hostBindings = new ArrayList<>();
            if (bindings != null) {
                for (Ports.Binding binding : bindings) {
                    String hostPort = binding.getHostPortSpec();
                    if (hostPort != null && hostPort.matches("[0-9]{1,5}")) {
                        hostBindings.add(new HostBinding(Objects.requireNonNullElse(binding.getHostIp(), ""), Integer.parseInt(hostPort)));
                    }
                }
            }
            if (!hostBindings.isEmpty()) {
                published.put(toContainerPort(port), hostBindings);
            }
        });
        return published;
    }

    private static ContainerPort toContainerPort(ExposedPort port) {
        return new ContainerPort(port.getPort(), port.getProtocol().toString().toLowerCase(Locale.ROOT));
    }
}
