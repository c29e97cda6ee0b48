package io.kvroute.proxy.tcp;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.ServerTlsFields;
import io.kvroute.kv.model.TcpLoadBalancer;
import io.kvroute.kv.model.TcpServer;
import io.kvroute.kv.model.TcpServersTransport;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TlsToServer;
import io.kvroute.proxy.upstream.TransportException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS a TCP load balancer's servers with {@code tls} are dialled with, as Traefik's dialer manager
 * ({@code pkg/tcp/dialer.go}) builds it from the servers transport's {@code tls} section: {@code serverName} (SNI and
 * the name the certificate must carry), {@code insecureSkipVerify}, {@code rootCAs} (else the JDK's trusted roots),
 * client {@code certificates}, {@code peerCertURI}; the same client context as {@code https} servers get
 * ({@link ServerTls}). Servers without {@code tls} are dialled plain, whatever the transport says. Fail closed: a
 * {@code spiffe} section (Traefik refuses it without a SPIFFE workload API, which kvroute has not), a file that cannot
 * be read, a {@code serverName} the JDK cannot send as SNI ({@link ServerTls#compile}), or a TLS server on a transport with neither {@code serverName} nor {@code insecureSkipVerify} (Go's TLS
 * client refuses every handshake then, so Traefik closes every connection) refuses the load balancer.
 */
final class TcpServersTransportTls {
    private TcpServersTransportTls() {
    }

    /**
     * The TLS of {@code lb}'s TLS servers on {@code transport} (named {@code transportName} in reasons), or empty
     * when none of its servers has {@code tls}; taken from {@code compiled} when equal settings were compiled in this
     * build, else from {@code before} (the previous build's whose files still hold what was read, so an unchanged
     * transport keeps its context), else compiled (its files read, its context made); added to {@code compiled}
     * either way.
     *
     * @throws TransportException with the reason, naming the key, why it cannot be applied
     */
    static Optional<TlsToServer> of(TcpLoadBalancer lb, TcpServersTransport transport, String transportName,
            Map<ServerTlsSettings, TlsToServer> compiled, Map<ServerTlsSettings, TlsToServer> before)
            throws TransportException {
        String key = "serversTransports/" + transportName + "/tls";
        Optional<ServerTlsFields> fields = transport.tls().map(ServerTlsFields::new);
        List<String> beyond = fields.map(f -> f.fieldsBeyond(ServerTlsFields.NAMES)).orElse(List.of());
        if (!beyond.isEmpty()) {
            throw new TransportException(key + "/" + beyond.get(0) + ": not applied by kvroute to TCP servers "
                    + "(applied: " + String.join(", ", ServerTlsFields.NAMES.stream().sorted().toList()) + ")");
        }
        int tlsServer = firstTlsServer(lb.servers());
        if (tlsServer < 0) {
            return Optional.empty();
        }
        ServerTlsSettings settings = fields.map(ServerTlsSettings::of).orElse(ServerTlsSettings.NONE);
        if (settings.serverName().isEmpty() && !settings.insecureSkipVerify()) {
            throw new TransportException(String.join("/", DynamicKeys.LOAD_BALANCER, DynamicKeys.SERVERS,
                    Integer.toString(tlsServer), "tls") + ": the TCP servers transport "
                    + transportName + " sets neither tls/serverName nor tls/insecureSkipVerify, without which "
                    + "Traefik's TLS dial fails every connection (Go: either ServerName or InsecureSkipVerify must be "
                    + "specified)");
        }
        TlsToServer known = compiled.containsKey(settings) ? compiled.get(settings) : before.get(settings);
        if (known != null) {
            compiled.put(settings, known);
            return Optional.of(known);
        }
        ServerTls tls;
        try {
            tls = ServerTls.compile(settings);
        } catch (TransportException e) {
            boolean field = e.getMessage().startsWith("rootCAs/") || e.getMessage().startsWith("certificates/")
                    || e.getMessage().startsWith("serverName ");
            throw new TransportException(key + (field ? "/" : ": ") + e.getMessage(), e);
        }
        TlsToServer made = TlsToServer.of(tls);
        compiled.put(settings, made);
        return Optional.of(made);
    }

    private static int firstTlsServer(List<TcpServer> servers) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).tls()) {
                return i;
            }
        }
        return -1;
    }
}
