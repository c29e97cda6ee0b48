package io.kvroute.proxy.tls;

import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * Answers one TLS-ALPN-01 validation (RFC 8737 section 3): the handshake presents the challenge certificate of the
 * name asked for, with {@value #ACME_TLS_1} selected by ALPN, and the connection is closed once the handshake is
 * done; nothing is read as HTTP on it. The certificate is the only one the connection's context holds, so no other
 * certificate can be presented on it.
 */
final class TlsAlpnChallengeAnswer {
    /** The ALPN protocol of TLS-ALPN-01 validations. */
    static final String ACME_TLS_1 = "acme-tls/1";
    private static final char[] NO_PASSWORD = new char[0];

    private TlsAlpnChallengeAnswer() {
    }

    /**
     * Wraps {@code connection} (whose ClientHello is pushed back under it) in TLS presenting {@code certificate}, and
     * closes it after the handshake, after anything else the client sends, or after {@code timeoutSeconds}.
     */
    static void answer(StreamConnection connection, ServedCertificate certificate, Xnio xnio, ByteBufferPool buffers,
            int timeoutSeconds) throws GeneralSecurityException, IOException {
        OptionMap engineOptions = OptionMap.builder()
                .setSequence(Options.SSL_ENABLED_PROTOCOLS, "TLSv1.3", "TLSv1.2").getMap();
        SslConnection tls = new UndertowXnioSsl(xnio, OptionMap.EMPTY, buffers, context(certificate))
                .wrapExistingConnection(connection, engineOptions, false);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(tls);
        engine.setHandshakeApplicationProtocolSelector((handshaking, offered) ->
                offered.contains(ACME_TLS_1) ? ACME_TLS_1 : null);
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(tls), timeoutSeconds, TimeUnit.SECONDS);
        // Closed on the IO thread's next turn, not inside the engine's handshake callback.
        tls.getHandshakeSetter().set(done -> connection.getIoThread().execute(() -> IoUtils.safeClose(tls)));
        ByteBuffer ignored = ByteBuffer.allocate(256);
        tls.getSourceChannel().getReadSetter().set(source -> {
            try {
                ignored.clear();
                if (source.read(ignored) != 0) {
                    IoUtils.safeClose(tls);
                }
            } catch (IOException e) {
                IoUtils.safeClose(tls);
            }
        });
        // Reading drives the handshake, as it does for Undertow's HTTPS listeners.
        tls.getSourceChannel().resumeReads();
    }

    private static SSLContext context(ServedCertificate certificate) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("challenge", certificate.pair().key(), NO_PASSWORD,
                certificate.pair().chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
