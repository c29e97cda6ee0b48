package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * kvroute's own view of one inspected container, free of docker-java types. Maps and sets are sorted so that
 * log lines and decisions built from them are deterministic.
 *
 * @param id             full container id
 * @param name           container name without Docker's leading slash
 * @param image          the image the container was created from, as given ({@code nginx:1.27})
 * @param labels         container labels
 * @param env            environment, {@code KEY=VALUE} split at the first {@code =}
 * @param networkMode    {@code host}, {@code bridge}, {@code none}, {@code container:<id>} or a network name
 * @param networks       attached network name to the container's IPv4 address on it ("" when it has none)
 * @param exposedPorts   ports the image or run command exposes
 * @param publishedPorts container port to its host bindings (several: e.g. {@code 0.0.0.0} and {@code ::})
 * @param running        whether the container's process is running
 * @param health         Docker HEALTHCHECK state
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        Map<String, String> labels,
        Map<String, String> env,
        String networkMode,
        Map<String, String> networks,
        Set<ContainerPort> exposedPorts,
        Map<ContainerPort, List<HostBinding>> publishedPorts,
        boolean running,
        HealthStatus health) {

    public ContainerInfo {
        requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id: \"\" (expected: a container id)");
        }
        requireNonNull(name, "name");
        if (name.isBlank() || name.startsWith("/")) {
            throw new IllegalArgumentException("name: \"" + name + "\" (expected: non-empty, without leading slash)");
        }
        requireNonNull(image, "image");
        labels = sortedCopy(requireNonNull(labels, "labels"));
        env = sortedCopy(requireNonNull(env, "env"));
        requireNonNull(networkMode, "networkMode");
        networks = sortedCopy(requireNonNull(networks, "networks"));
        exposedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(exposedPorts, "exposedPorts")));
        TreeMap<ContainerPort, List<HostBinding>> published = new TreeMap<>();
        requireNonNull(publishedPorts, "publishedPorts").forEach((port, bindings) -> published.put(port, List.copyOf(bindings)));
        publishedPorts = Collections.unmodifiableSortedMap(published);
        requireNonNull(health, "health");
    }

    /** True for {@code --network host} containers, which have no own address and publish no ports. */
    public boolean isHostNetwork() {
        return networkMode.equals("host");
    }

    /** The twelve-character id Docker prints. */
    public String shortId() {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    private static <K, V> Map<K, V> sortedCopy(Map<K, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
