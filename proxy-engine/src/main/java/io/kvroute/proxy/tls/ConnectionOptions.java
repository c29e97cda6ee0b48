package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.RouterTls;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * The TLS options one configuration gives the connections of its TLS entry points (per entry point, the options of
 * each host name, by SNI; {@code default} for the others), kept with the routing built from it, so that a request is
 * routed only over a connection made with the options this configuration gives its server name
 * ({@link #madeWith}): a connection made with other options (made before a change of its host's options, or just
 * after the new options were published and before the routing built with them serves) gets 421 instead of reaching
 * a router under options other than its configuration's.
 */
public final class ConnectionOptions {
    /**
     * For a snapshot not built from a configuration (the empty one before the first build, which routes nothing, and
     * tests): every connection passes.
     */
    public static final ConnectionOptions UNCHECKED = new ConnectionOptions(Map.of(), null);

    private final Map<String, Map<String, String>> hostOptions;
    private final TlsOptionsTable options;

    private ConnectionOptions(Map<String, Map<String, String>> hostOptions, TlsOptionsTable options) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        hostOptions.forEach((entryPoint, hosts) -> copy.put(entryPoint, Map.copyOf(hosts)));
        this.hostOptions = Map.copyOf(copy);
        this.options = options;
    }

    /**
     * @param hostOptions per TLS entry point, the options name of each host name (as {@link TlsServing#publish}
     *                    takes them)
     * @param options     the options compiled from the same configuration
     */
    public static ConnectionOptions of(Map<String, Map<String, String>> hostOptions, TlsOptionsTable options) {
        return new ConnectionOptions(requireNonNull(hostOptions, "hostOptions"), requireNonNull(options, "options"));
    }

    /**
     * Whether the connection of {@code session}, on {@code entryPoint}, shook hands with the options this
     * configuration gives its server name (the same compiled options, or options alike but for their name); a
     * connection whose handshake recorded no options, or whose server name's options cannot be served, was not.
     */
    public boolean madeWith(String entryPoint, SSLSession session) {
        if (options == null) {
            return true;
        }
        Optional<CompiledOptions> given = HandshakeOptions.of(session);
        String name = serverName(session)
                .map(server -> hostOptions.getOrDefault(entryPoint, Map.of()).get(server))
                .orElse(RouterTls.DEFAULT_OPTIONS);
        Optional<CompiledOptions> wanted = options.usable(name);
        return given.isPresent() && wanted.isPresent() && TlsOptionsTable.alike(given.get(), wanted.get());
    }

    /**
     * The SNI of {@code session}, lower case, as {@link ClientHelloNames} reads it for the handshake (on every request:
     * no stream pipeline).
     */
    private static Optional<String> serverName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
