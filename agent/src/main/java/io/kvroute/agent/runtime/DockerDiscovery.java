package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.DockerEndpoint;

/**
 * The Docker engine an agent watches and how it publishes the containers found there.
 *
 * @param endpoint         {@code --docker} / {@code --docker.endpoint}: the engine to watch
 * @param addresses        {@code --docker.network} and {@code --host-ip}: how a container's address is chosen
 * @param exposedByDefault {@code --exposed-by-default}: when false, only containers labelled
 *                         {@code traefik.enable=true} are published
 */
public record DockerDiscovery(DockerEndpoint endpoint, AddressPolicy addresses, boolean exposedByDefault) {
    public DockerDiscovery {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(addresses, "addresses");
    }
}
