package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.model.ServersTransport;
import java.util.Map;

/**
 * A servers transport as the proxy applies it to every request of the services that name it: the forwarding
 * timeouts, how many idle connections are kept per server, TLS to {@code https} servers, and whether h2 is offered to
 * them. Equal transports share connection pools.
 *
 * @param name                the transport's name ({@code default@internal} for the static default one)
 * @param timeouts            dial, response header and idle timeouts
 * @param maxIdleConnsPerHost Traefik's setting: idle connections kept per server, 0 for Go's default (2), negative
 *                            for none (every connection closed after its response)
 * @param tls                 TLS to {@code https} servers
 * @param http2               whether h2 is offered by ALPN to {@code https} servers (Traefik's {@code disableHTTP2}
 *                            unset); without it every server but an {@code h2c://} one is spoken to in HTTP/1.1
 */
public record UpstreamTransport(String name, ForwardingTimeouts timeouts, int maxIdleConnsPerHost, ServerTls tls,
        boolean http2) {
    /** Go's {@code DefaultMaxIdleConnsPerHost}, what a dynamic transport without {@code maxIdleConnsPerHost} gets. */
    public static final int GO_DEFAULT_MAX_IDLE = 2;
    /** Traefik's {@code --serversTransport.maxIdleConnsPerHost} default, for the static default transport. */
    public static final int STATIC_DEFAULT_MAX_IDLE = 200;

    public UpstreamTransport {
        requireNonNull(name, "name");
        requireNonNull(timeouts, "timeouts");
        requireNonNull(tls, "tls");
    }

    /** Traefik's static default transport ({@code default@internal}) with these timeouts. */
    public static UpstreamTransport staticDefault(ForwardingTimeouts timeouts) {
        return new UpstreamTransport(ServersTransport.DEFAULT_REFERENCE, timeouts, STATIC_DEFAULT_MAX_IDLE,
                ServerTls.jdkDefault(), true);
    }

    /**
     * {@code transport} as the proxy applies it (the caller has checked that it sets nothing kvroute does not apply),
     * with the TLS of {@code compiled} for its TLS settings, else its TLS compiled.
     *
     * @throws TransportException naming the field whose value cannot be used ({@code rootCAs/0: ...})
     */
    public static UpstreamTransport of(ServersTransport transport, Map<ServerTlsSettings, ServerTls> compiled)
            throws TransportException {
        ServerTlsSettings settings = ServerTlsSettings.of(transport.tls());
        ServerTls tls = settings.equals(ServerTlsSettings.NONE) ? ServerTls.jdkDefault() : compiled.get(settings);
        if (tls == null) {
            tls = ServerTls.compile(settings);
        }
        return new UpstreamTransport(transport.name(), transport.timeouts(), transport.maxIdleConnsPerHost(), tls,
                !transport.disableHttp2());
    }

    /** This transport with {@code other} TLS to {@code https} servers (a Traefik 1.7 {@code passTLSCert} frontend's). */
    public UpstreamTransport withTls(ServerTls other) {
        return new UpstreamTransport(name, timeouts, maxIdleConnsPerHost, other, http2);
    }

    /** Whether a connection goes back to the pool after its response (a negative setting closes it instead). */
    public boolean reusesConnections() {
        return maxIdleConnsPerHost >= 0;
    }

    /** The idle connections kept per server: the setting, Go's default for 0, none when connections are not reused. */
    public int idleConnections() {
        return maxIdleConnsPerHost == 0 ? GO_DEFAULT_MAX_IDLE : Math.max(0, maxIdleConnsPerHost);
    }
}
