package io.kvroute.agent.docker;

/** Which rule of the address precedence produced a chosen address, strongest first. */
public enum AddressSource {
    /** The container's {@code kvroute.address} label. */
    LABEL,
    /** The container's address on the network named by {@code --docker.network}. */
    NAMED_NETWORK,
    /** A port Docker published on {@code --host-ip} (or on every address). */
    PUBLISHED_PORT,
    /** A {@code --network host} container: the host IP with the declared port. */
    HOST_NETWORK,
    /** No network chosen, and the container is on exactly one network: its address there. */
    ONLY_NETWORK
}
