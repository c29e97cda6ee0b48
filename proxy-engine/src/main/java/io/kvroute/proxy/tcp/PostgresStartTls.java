package io.kvroute.proxy.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.xnio.conduits.ConduitStreamSinkChannel;

/**
 * Postgres's STARTTLS, as Traefik's TCP router answers it ({@code pkg/server/router/tcp/postgres.go}): a client that
 * wants TLS first sends an SSLRequest (length 8, code 80877103) and waits for one byte, {@code S} to go on with a TLS
 * ClientHello; the entry point answers {@code S} and routes the ClientHello that follows by its SNI among the TLS TCP
 * routers. Only routers that terminate TLS serve such a connection here: a passthrough router would need the
 * SSLRequest replayed to its server and the server's {@code S} dropped (Traefik does that), which kvroute does not.
 */
final class PostgresStartTls {
    /** What a connection's first bytes say about an SSLRequest. */
    enum Preamble {
        /** The bytes so far are a prefix of the SSLRequest: read more. */
        NEED_MORE,
        /** The connection starts with the SSLRequest. */
        SSL_REQUEST,
        /** Not an SSLRequest. */
        OTHER
    }

    /** Int32 length 8, then int32 80877103 (1234 in the high 16 bits, 5679 in the low 16 bits). */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 210, 22, 47};
    /** The server's "go on with TLS". */
    private static final byte WILLING = 'S';

    private PostgresStartTls() {
    }

    /** What the bytes of {@code read} (from 0 to its limit) say. */
    static Preamble preamble(ByteBuffer read) {
        int length = Math.min(read.limit(), SSL_REQUEST.length);
        for (int i = 0; i < length; i++) {
            if (read.get(i) != SSL_REQUEST[i]) {
                return Preamble.OTHER;
            }
        }
        return length == SSL_REQUEST.length ? Preamble.SSL_REQUEST : Preamble.NEED_MORE;
    }

    /** The TLS TCP route that serves a Postgres client with these facts: the one that matches, if it terminates TLS. */
    static Optional<TcpRoute> route(TcpEntryPointTable routes, TcpConnectionFacts facts) {
        return routes.tlsRoute(facts).filter(route -> route.target().terminatingOptions().isPresent());
    }

    /**
     * Answers an SSLRequest with {@code S}.
     *
     * @throws IOException if the answer cannot be written at once (a fresh connection's send buffer takes one byte)
     */
    static void accept(ConduitStreamSinkChannel sink) throws IOException {
        if (sink.write(ByteBuffer.wrap(new byte[] {WILLING})) != 1 || !sink.flush()) {
            throw new IOException("the answer to the Postgres SSLRequest could not be sent at once");
        }
    }

    /** What the client sent after the SSLRequest at the start of {@code read} (0 to limit): a view from there. */
    static ByteBuffer afterRequest(ByteBuffer read) {
        return read.duplicate().position(SSL_REQUEST.length);
    }
}
