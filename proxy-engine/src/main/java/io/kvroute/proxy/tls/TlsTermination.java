package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * Terminates TLS on a connection whose ClientHello was read and put back, with named TLS options and the
 * certificates of the default store, as the HTTPS entry points do ({@link TlsHandshakeListener}): for TCP routers
 * that do not pass TLS through.
 */
public final class TlsTermination {
    private TlsTermination() {
    }

    /**
     * {@code connection} wrapped in a TLS server connection with the options {@code optionsName} of {@code served},
     * or empty when those options cannot be served (their refusal is {@code served.options().refusal(...)}).
     */
    public static Optional<SslConnection> wrap(StreamConnection connection, ServedTls served, String optionsName,
            Xnio xnio, ByteBufferPool buffers) {
        requireNonNull(connection, "connection");
        requireNonNull(xnio, "xnio");
        requireNonNull(buffers, "buffers");
        return served.options().usable(optionsName).map(options -> serve(connection, options, xnio, buffers));
    }

    /**
     * {@code connection} wrapped in Undertow's TLS server connection with {@code options}, over an
     * {@link OpenSocketSink}: a BoringSSL engine's refused handshake closes the connection once its alert is written.
     * With {@code sniStrict} the engine refuses an SNI no certificate covers with {@code unrecognized_name}. The
     * session records {@code options} once the handshake has ended ({@link HandshakeOptions}).
     */
    static SslConnection serve(StreamConnection connection, CompiledOptions options, Xnio xnio,
            ByteBufferPool buffers) {
        OpenSocketSink sink = OpenSocketSink.install(connection);
        SslConnection tls = new UndertowXnioSsl(xnio, OptionMap.EMPTY, buffers, options.context())
                .wrapExistingConnection(connection, options.engineOptions(), false);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(tls);
        if (engine instanceof OpenSslServerEngine openSsl) {
            openSsl.whenAlertHandedOut(() -> sink.closeOnceWritten(tls));
        }
        HandshakeOptions.recordOnHandshake(tls, engine, options);
        options.sniMatcher().ifPresent(matcher -> {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setSNIMatchers(List.of(matcher));
            engine.setSSLParameters(parameters);
        });
        return tls;
    }

    /** Whether {@code protocol} is ACME's TLS-ALPN-01 validation protocol, which the HTTPS listener answers. */
    public static boolean isAcmeValidation(String protocol) {
        return TlsAlpnChallengeAnswer.ACME_TLS_1.equals(protocol);
    }
}
