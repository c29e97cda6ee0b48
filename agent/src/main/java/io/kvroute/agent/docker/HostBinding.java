package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

/**
 * Where Docker published a container port on the host: host IP ({@code 0.0.0.0} or {@code ::} for every
 * address) and host port.
 */
public record HostBinding(String hostIp, int hostPort) {
    public HostBinding {
        requireNonNull(hostIp, "hostIp");
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort: " + hostPort + " (expected: 1..65535)");
        }
    }

    /** True when the port listens on every host address ({@code 0.0.0.0}, {@code ::} or empty). */
    public boolean isWildcard() {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    @Override
    public String toString() {
        return (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":" + hostPort;
    }
}
