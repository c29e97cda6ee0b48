package io.kvroute.proxy.testing;

import static java.util.Objects.requireNonNull;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * A real HTTPS server (Undertow, JSSE) on 127.0.0.1 and an ephemeral port that answers every request with its name,
 * presenting the certificate its {@link SSLContext} holds, optionally requiring a client certificate. It records what
 * each request came with: the SNI name and the client certificate's subject.
 */
public final class TlsBackend implements AutoCloseable {
    /** One request as the server saw it: SNI name ("" for none), client certificate subject ("" for none). */
    public record Received(String sni, String clientSubject) {
    }

    private final String name;
    private final Undertow server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TlsBackend(String name, SSLContext context, boolean requireClientCertificate) {
        this.name = requireNonNull(name, "name");
        this.server = Undertow.builder()
                .addHttpsListener(0, "127.0.0.1", context)
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE,
                        requireClientCertificate ? SslClientAuthMode.REQUIRED : SslClientAuthMode.NOT_REQUESTED)
                .setIoThreads(1)
                .setHandler(this::answer)
                .build();
        server.start();
    }

    /** An HTTP/1.1 server presenting what {@code context} holds, not asking for a client certificate. */
    public static TlsBackend start(String name, SSLContext context) {
        return new TlsBackend(name, context, false);
    }

    /** A server that refuses the handshake of a client without a certificate {@code context} trusts. */
    public static TlsBackend requiringClientCertificate(String name, SSLContext context) {
        return new TlsBackend(name, context, true);
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** {@code https://HOST:PORT} for {@code host} (a name or 127.0.0.1; the server listens on 127.0.0.1). */
    public String url(String host) {
        return "https://" + host + ":" + port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(HttpServerExchange exchange) {
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        String sni = "";
        String client = "";
        if (tls != null && tls.getSSLSession() instanceof ExtendedSSLSession session) {
            sni = session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                    .map(named -> ((SNIHostName) named).getAsciiName()).findFirst().orElse("");
            try {
                Certificate[] chain = session.getPeerCertificates();
                client = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException none) {
                client = "";
            }
        }
        received.add(new Received(sni, client));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(name);
    }

    @Override
    public void close() {
        server.stop();
    }
}
