package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.discovery.DefaultRule;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an agent publishes: the containers of a Docker engine, the services of a file, or both.
 *
 * @param docker       the Docker engine and how its containers are published, when Docker is watched
 * @param servicesFile     {@code --services}: the static services file, when given
 * @param servicesOptional {@code --services.optional}: the file may be missing or invalid at the start (no services
 *                         until it is valid); otherwise that is a start-up failure
 * @param defaultRule      {@code --default-rule}: the rule of routers that declare none, containers and services alike
 */
public record DiscoverySources(Optional<DockerDiscovery> docker, Optional<Path> servicesFile, boolean servicesOptional,
        DefaultRule defaultRule) {
    public DiscoverySources {
        requireNonNull(docker, "docker");
        requireNonNull(servicesFile, "servicesFile");
        requireNonNull(defaultRule, "defaultRule");
    }
}
