package io.kvroute.proxy.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * The server side of a Postgres client's STARTTLS on a passthrough router, as Traefik's {@code postgresConn} does it
 * ({@code pkg/server/router/tcp/postgres.go}): the entry point has already answered the client's SSLRequest, so the
 * server is sent the SSLRequest (after the PROXY protocol header, if any) and its first answer is read before any of
 * the client's bytes go on. An answer of exactly the one byte {@code S} is dropped and the relay starts with the
 * client's ClientHello; any other answer ({@code N}: the server has no TLS, an error message) is not passed on, and
 * like a server that closes before answering, ends both connections. Runs on the server connection's I/O thread.
 */
final class PostgresServerStartTls implements ChannelListener<ConduitStreamSourceChannel> {
    /** Room for an answer longer than one byte, which is refused whole (Traefik refuses a first read of 2+ bytes). */
    private static final int ANSWER_ROOM = 64;

    private final Runnable willing;
    private final Consumer<String> refused;
    private final ByteBuffer answer = ByteBuffer.allocate(ANSWER_ROOM);

    private PostgresServerStartTls(Runnable willing, Consumer<String> refused) {
        this.willing = willing;
        this.refused = refused;
    }

    /**
     * Sends {@code header} and the SSLRequest to {@code server}, then runs {@code willing} once it answered {@code S}
     * (its reads suspended, nothing else read), or {@code refused} with the reason otherwise.
     */
    static void start(StreamConnection server, ByteBuffer header, Runnable willing, Consumer<String> refused) {
        ByteBuffer request = PostgresStartTls.request(header);
        ConduitStreamSinkChannel sink = server.getSinkChannel();
        try {
            sink.write(request);
            if (request.hasRemaining() || !sink.flush()) {
                refused.accept("the Postgres SSLRequest could not be sent to the server at once");
                return;
            }
        } catch (IOException e) {
            refused.accept("sending the Postgres SSLRequest to the server failed: " + e.getMessage());
            return;
        }
        ConduitStreamSourceChannel source = server.getSourceChannel();
        source.setReadListener(new PostgresServerStartTls(willing, refused));
        source.resumeReads();
    }

    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        int read;
        try {
            read = source.read(answer);
        } catch (IOException e) {
            done(source);
            refused.accept("reading the server's answer to the Postgres SSLRequest failed: " + e.getMessage());
            return;
        }
        if (read == 0) {
            return;
        }
        done(source);
        if (read < 0) {
            refused.accept("the server closed the connection without answering the Postgres SSLRequest");
        } else if (read == 1 && answer.get(0) == PostgresStartTls.WILLING) {
            willing.run();
        } else {
            refused.accept("the server answered the Postgres SSLRequest with " + read + " byte(s) starting with 0x"
                    + Integer.toHexString(answer.get(0) & 0xff) + (answer.get(0) == 'N' ? " ('N': no TLS)" : "")
                    + ", not 'S'");
        }
    }

    private static void done(ConduitStreamSourceChannel source) {
        source.suspendReads();
        source.setReadListener(null);
    }
}
