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
        requireNetworkName(dockerNetwork);
        requireNonNull(hostIp, "hostIp");
        if (hostIp.isBlank()) {
            throw new IllegalArgumentException("--host-ip: \"\" (expected: an IP address)");
        }
    }

    /**
     * Checks {@code --docker.network}, also where Docker is not watched and no policy is made.
     *
     * @throws IllegalArgumentException naming the flag when the network name is blank
     */
    public static Optional<String> requireNetworkName(Optional<String> dockerNetwork) {
        requireNonNull(dockerNetwork, "dockerNetwork");
        if (dockerNetwork.isPresent() && dockerNetwork.get().isBlank()) {
            throw new IllegalArgumentException("--docker.network: \"\" (expected: a network name)");
        }
        return dockerNetwork;
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
