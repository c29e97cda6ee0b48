package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.undertow.server.ConnectionSSLSessionInfo;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.security.cert.Certificate;
import javax.net.ssl.SSLSession;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The TLS facts of an HTTP/1.1 connection whose engine asked for no client certificate: the client cannot have sent
 * one, so the peer certificates are answered as Undertow's own {@link ConnectionSSLSessionInfo} answers them on such
 * a connection ({@link RenegotiationRequiredException}), without asking the engine first. Netty's engine answers that
 * question with a new {@code SSLPeerUnverifiedException} and its stack trace, and Undertow's {@code ProxyHandler}
 * asks it on every TLS connection for its AJP attachments, also when forwarding HTTP. Everything else, and
 * everything after a {@link #renegotiate}, is the wrapped connection's answer.
 */
public final class UnrequestedClientCertificate implements SSLSessionInfo {
    /** One shared answer without a stack trace, as Undertow's own; its message says what it means. */
    private static final RenegotiationRequiredException NOT_REQUESTED = new RenegotiationRequiredException(
            "this TLS connection's options ask for no client certificate", null, false, false);

    private final SSLSessionInfo connection;
    private volatile boolean renegotiated;
    /**
     * The connection's cipher suite, read once: Undertow's {@code ProxyHandler} asks for it and for the key size it
     * implies (parsed from the suite's name) on every request; only a {@link #renegotiate} changes it.
     */
    private volatile String cipherSuite;

    private UnrequestedClientCertificate(SSLSessionInfo connection) {
        this.connection = requireNonNull(connection, "connection");
    }

    /** {@code next}, with this answer {@linkplain #install installed} first: the root of an HTTPS listener. */
    public static HttpHandler installing(HttpHandler next) {
        requireNonNull(next, "next");
        return exchange -> {
            install(exchange);
            next.handleRequest(exchange);
        };
    }

    /**
     * Puts this answer in front of the TLS facts of {@code exchange}'s connection when they are still Undertow's own
     * and its engine asked for no client certificate; does nothing otherwise (plain HTTP, HTTP/2, a connection already
     * wrapped, client certificates requested or required).
     */
    static void install(HttpServerExchange exchange) throws IOException {
        ServerConnection server = exchange.getConnection();
        if (server.getSslSessionInfo() instanceof ConnectionSSLSessionInfo undertow
                && server instanceof HttpServerConnection http
                && http.getChannel().getOption(Options.SSL_CLIENT_AUTH_MODE) == SslClientAuthMode.NOT_REQUESTED) {
            server.setSslSessionInfo(new UnrequestedClientCertificate(undertow));
        }
    }

    @Override
    public Certificate[] getPeerCertificates() throws javax.net.ssl.SSLPeerUnverifiedException,
            RenegotiationRequiredException {
        if (!renegotiated) {
            throw NOT_REQUESTED;
        }
        return connection.getPeerCertificates();
    }

    @Deprecated
    @Override
    public javax.security.cert.X509Certificate[] getPeerCertificateChain()
            throws javax.net.ssl.SSLPeerUnverifiedException, RenegotiationRequiredException {
        if (!renegotiated) {
            throw NOT_REQUESTED;
        }
        return connection.getPeerCertificateChain();
    }

    @Override
    public void renegotiate(HttpServerExchange exchange, SslClientAuthMode sslClientAuthMode) throws IOException {
        renegotiated = true;
        cipherSuite = null;
        connection.renegotiate(exchange, sslClientAuthMode);
        cipherSuite = null;
    }

    @Override
    public byte[] getSessionId() {
        return connection.getSessionId();
    }

    @Override
    public String getCipherSuite() {
        String suite = cipherSuite;
        if (suite == null) {
            suite = connection.getCipherSuite();
            cipherSuite = suite;
        }
        return suite;
    }

    @Override
    public SSLSession getSSLSession() {
        return connection.getSSLSession();
    }
}
