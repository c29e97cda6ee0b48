package io.kvroute.proxy.middleware;

/**
 * What a redirect to an entry point needs of it (Traefik 1.7's {@code redirect/entryPoint}): the port it listens on
 * and whether it is configured with TLS, which makes the redirect's scheme {@code https}.
 *
 * @param port the port the entry point is bound to, 1-65535
 * @param tls  whether the entry point has TLS configured ({@code --entrypoints.NAME.http.tls})
 */
public record EntryPointTarget(int port, boolean tls) {
    public EntryPointTarget {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }
}
