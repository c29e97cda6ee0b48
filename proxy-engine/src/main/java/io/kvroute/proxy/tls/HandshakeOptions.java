package io.kvroute.proxy.tls;

import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.xnio.ssl.SslConnection;

/**
 * Which compiled TLS options a connection of a TLS entry point shook hands with, kept on its TLS session once the
 * handshake has ended, so that a request on it can tell whether the configuration that routes it gives its server
 * name the same options ({@link ConnectionOptions}). A session belongs to the context of one set of compiled
 * options: a resumed session was made with them too.
 */
final class HandshakeOptions {
    /** The session value's name; only this class reads and writes it. */
    private static final String SESSION_VALUE = "io.kvroute.proxy.tls.options";

    private HandshakeOptions() {
    }

    /** Records {@code options} on the session of {@code tls} each time its handshake ends. */
    static void recordOnHandshake(SslConnection tls, SSLEngine engine, CompiledOptions options) {
        tls.getHandshakeSetter().set(done -> engine.getSession().putValue(SESSION_VALUE, options));
    }

    /** The options {@code session} was made with; empty when none were recorded (its handshake is not ours). */
    static Optional<CompiledOptions> of(SSLSession session) {
        return session.getValue(SESSION_VALUE) instanceof CompiledOptions options ? Optional.of(options)
                : Optional.empty();
    }
}
