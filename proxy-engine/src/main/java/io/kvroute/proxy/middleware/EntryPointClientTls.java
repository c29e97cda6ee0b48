package io.kvroute.proxy.middleware;

import io.kvroute.proxy.upstream.ServerTls;
import java.util.Optional;

/**
 * The TLS a Traefik 1.7 frontend with {@code passTLSCert} connects to {@code https} servers with, per TLS entry point,
 * as 1.7's {@code createClientTLSConfig} makes it: the entry point's certificates offered as client certificates and
 * its client CA files as the trusted roots (none: the JDK's), read from the proxy's TLS state as it stands now.
 */
@FunctionalInterface
public interface EntryPointClientTls {
    /** No TLS entry point has any: chains outside a proxy runtime. */
    EntryPointClientTls NONE = entryPoint -> Optional.empty();

    /** The TLS for requests that came in on {@code entryPoint}; empty when it has none or it could not be made. */
    Optional<ServerTls> of(String entryPoint);
}
