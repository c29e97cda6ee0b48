package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * One server as a balancer knows it, resolved when the snapshot is built: its key, its URL as configured (sticky
 * pins hash it; metrics label with it) and parsed, its configured weight ({@code 0} = drained by configuration:
 * picked only when no undrained server of its service is usable) and whether the proxy keeps the server URL's path.
 */
public record BalancedServer(ServerKey key, String url, URI uri, long weight, boolean preservePath) {
    public BalancedServer {
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(uri, "uri");
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0, 0 drains)");
        }
    }

    /** True if the configuration drained the server (weight 0). */
    public boolean drained() {
        return weight == 0;
    }
}
