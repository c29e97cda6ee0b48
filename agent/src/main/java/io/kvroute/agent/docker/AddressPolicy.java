package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The agent-wide inputs of address selection.
 *
 * @param dockerNetwork the network whose container address is preferred ({@code --docker.network}), if chosen
 * @param hostIp        this host's address as seen by the proxies ({@code --host-ip}; default: the default
 *                      route's source address)
 */
public record AddressPolicy(Optional<String> dockerNetwork, String hostIp) {
    public AddressPolicy {
        requireNonNull(dockerNetwork, "dockerNetwork");
        requireNonNull(hostIp, "hostIp");
        if (dockerNetwork.isPresent() && dockerNetwork.get().isBlank()) {
            throw new IllegalArgumentException("--docker.network: \"\" (expected: a network name)");
        }
        if (hostIp.isBlank()) {
            throw new IllegalArgumentException("--host-ip: \"\" (expected: an IP address)");
        }
    }

    /** No preferred network. */
    public static AddressPolicy onHost(String hostIp) {
        return new AddressPolicy(Optional.empty(), hostIp);
    }

    /** A preferred network ({@code --docker.network}). */
    public static AddressPolicy onNetwork(String dockerNetwork, String hostIp) {
        return new AddressPolicy(Optional.of(dockerNetwork), hostIp);
    }
}
