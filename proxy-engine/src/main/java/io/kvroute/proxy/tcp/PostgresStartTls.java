package io.kvroute.proxy.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.ConduitStreamSinkChannel;

/**
 * Postgres's STARTTLS, as Traefik's TCP router answers it ({@code pkg/server/router/tcp/postgres.go}): a client that
 * wants TLS first sends an SSLRequest (length 8, code 80877103) and waits for one byte, {@code S} to go on with a TLS
 * ClientHello; the entry point answers {@code S} and routes the ClientHello that follows by its SNI among the TLS TCP
 * routers. A router that terminates TLS gives its server the Postgres protocol in clear; a passthrough router's
 * server gets the SSLRequest again and its {@code S} is dropped ({@link PostgresServerStartTls}).
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
    static final byte WILLING = 'S';

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

    /** The SSLRequest as a client sends it, after {@code before} (possibly empty), ready to be written. */
    static ByteBuffer request(ByteBuffer before) {
        ByteBuffer request = ByteBuffer.allocate(before.remaining() + SSL_REQUEST.length);
        request.put(before.duplicate()).put(SSL_REQUEST);
        return request.flip();
    }
}
