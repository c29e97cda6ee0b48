package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.RouterTls;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's guard against domain fronting on a TLS entry point ({@code snicheck}): a request whose {@code Host}
 * differs from the connection's SNI gets {@code 421 Misdirected Request} when the host's TLS options differ from
 * the SNI's, so a client cannot shake hands under a name with weaker options (no client certificate, older TLS
 * versions) and then reach a host that requires stronger ones. Both names are looked up as Traefik does, among the
 * hosts the TLS routers' {@code Host} rules name ({@link ServedTls#hostOptions}, current snapshot): the Host header
 * without its port, exactly, lower case, and with or without a trailing dot; the SNI exactly or lower case; a name
 * found nowhere has {@code default}, and so does a Host whose options cannot be served (only routers left out for
 * them name it, so other routers, such as a {@code PathPrefix} one, may answer it, with {@code default} options, as
 * in Traefik). A Host equal to the SNI, ignoring case, passes unchecked. One request reads one snapshot.
 */
public final class MisdirectedRequestCheck implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MisdirectedRequestCheck.class);
    /** RFC 9110's 421, which Undertow's {@code StatusCodes} does not name. */
    static final int MISDIRECTED_REQUEST = 421;

    private final String entryPoint;
    private final TlsServing serving;
    private final HttpHandler next;

    public MisdirectedRequestCheck(String entryPoint, TlsServing serving, HttpHandler next) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.serving = requireNonNull(serving, "serving");
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = hostWithoutPort(exchange.getRequestHeaders().getFirst(Headers.HOST));
        String serverName = serverName(exchange.getConnection().getSslSessionInfo()).orElse("");
        if (!host.equalsIgnoreCase(serverName)) {
            ServedTls served = serving.current();
            Map<String, String> hosts = served.hostOptions().getOrDefault(entryPoint, Map.of());
            String named = optionsOf(hosts, host, true);
            String hostOptions = served.options().refusal(named).isEmpty() ? named : RouterTls.DEFAULT_OPTIONS;
            String sniOptions = optionsOf(hosts, serverName, false);
            if (!hostOptions.equals(sniOptions)) {
                LOG.debug("421 for {} on {}: Host {} has TLS options {}, the SNI {} has {}", exchange.getRequestURI(),
                        entryPoint, host, hostOptions, serverName, sniOptions);
                exchange.setStatusCode(MISDIRECTED_REQUEST).setReasonPhrase("Misdirected Request");
                exchange.getResponseSender().send("421 Misdirected Request\n");
                return;
            }
        }
        next.handleRequest(exchange);
    }

    /** The options name of {@code name}: exact, then lower case; {@code default} when neither is known. */
    static String optionsOf(Map<String, String> hosts, String name, boolean fqdn) {
        return lookup(hosts, name, fqdn)
                .or(() -> lookup(hosts, name.toLowerCase(Locale.ROOT), fqdn))
                .orElse(RouterTls.DEFAULT_OPTIONS);
    }

    /** {@code name} itself; for a Host header also its form with (or, when it has one, without) the trailing dot. */
    private static Optional<String> lookup(Map<String, String> hosts, String name, boolean fqdn) {
        String exact = hosts.get(name);
        if (exact != null || !fqdn) {
            return Optional.ofNullable(exact);
        }
        return Optional.ofNullable(name.endsWith(".") ? hosts.get(name.substring(0, name.length() - 1))
                : hosts.get(name + "."));
    }

    /**
     * The Host header without its port, as Go's {@code net.SplitHostPort} splits it ({@code [::1]:443} gives
     * {@code ::1}, {@code a.test:443} gives {@code a.test}), else the header as it is; trimmed, empty when absent.
     */
    static String hostWithoutPort(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim();
        int close = host.indexOf("]:");
        if (host.startsWith("[") && close > 0) {
            return host.substring(1, close);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.indexOf(':', colon + 1) >= 0 ? host : host.substring(0, colon);
    }

    /** The host name the client sent as SNI on this connection, if any. */
    private static Optional<String> serverName(SSLSessionInfo info) {
        SSLSession session = info == null ? null : info.getSSLSession();
        if (!(session instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName().trim());
            }
        }
        return Optional.empty();
    }
}
