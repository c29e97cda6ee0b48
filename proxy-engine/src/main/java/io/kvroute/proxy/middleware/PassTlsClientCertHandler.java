package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.escape.Escaper;
import com.google.common.net.PercentEscaper;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HttpString;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Traefik's {@code passTLSClientCert}: from the client certificates of the TLS connection (leaf first, as the client
 * sent them), {@code pem} puts {@code X-Forwarded-Tls-Client-Cert} (each certificate's DER in base64, what is left of
 * its PEM without armour and line breaks, joined by {@code ,}) and {@code info} puts
 * {@code X-Forwarded-Tls-Client-Cert-Info} ({@link ClientCertificateInfo}, escaped as Go's {@code url.QueryEscape}).
 * Without a client certificate (plain HTTP, or TLS without one) nothing is set. Headers of those names the client
 * sent are always removed, so an origin behind this middleware can trust them (stricter than Traefik, which leaves a
 * trusted client's own values when the connection has no certificate). The connection is never renegotiated to ask
 * for a certificate.
 */
final class PassTlsClientCertHandler implements HttpHandler {
    static final String TYPE = "passTLSClientCert";
    static final HttpString CERT = HttpString.tryFromString("X-Forwarded-Tls-Client-Cert");
    static final HttpString CERT_INFO = HttpString.tryFromString("X-Forwarded-Tls-Client-Cert-Info");
    /** Go's {@code url.QueryEscape}: unreserved characters as they are, space as {@code +}, the rest %XX. */
    private static final Escaper QUERY_ESCAPE = new PercentEscaper("-_.~", true);

    private final boolean pem;
    private final Optional<ClientCertificateInfo> info;
    private final HttpHandler next;

    private PassTlsClientCertHandler(boolean pem, Optional<ClientCertificateInfo> info, HttpHandler next) {
        this.pem = pem;
        this.info = info;
        this.next = next;
    }

    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        boolean pem = settings.bool("pem").orElse(false);
        Optional<ClientCertificateInfo> info = settings.section("info").map(ClientCertificateInfo::read);
        settings.requireAllRead();
        return next -> new PassTlsClientCertHandler(pem, info, requireNonNull(next, "next"));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getRequestHeaders().remove(CERT);
        exchange.getRequestHeaders().remove(CERT_INFO);
        List<X509Certificate> certificates = clientCertificates(exchange);
        if (!certificates.isEmpty()) {
            if (pem) {
                exchange.getRequestHeaders().put(CERT, pem(certificates));
            }
            info.ifPresent(selected -> exchange.getRequestHeaders().put(CERT_INFO,
                    QUERY_ESCAPE.escape(selected.describe(certificates))));
        }
        next.handleRequest(exchange);
    }

    private static List<X509Certificate> clientCertificates(HttpServerExchange exchange) {
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        if (tls == null) {
            return List.of();
        }
        Certificate[] peer;
        try {
            peer = tls.getPeerCertificates();
        } catch (SSLPeerUnverifiedException | RenegotiationRequiredException none) {
            return List.of();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        if (peer != null) {
            for (Certificate certificate : peer) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        }
        return certificates;
    }

    private static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
        List<String> encoded = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            encoded.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        }
        return String.join(",", encoded);
    }
}
