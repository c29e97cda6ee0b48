package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.IoUtils;

import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The socket's sink under a TLS connection, which suspends writes only while the connection is open, and closes the
 * TLS connection once a refused handshake's alert is written ({@link #closeOnceWritten}): Undertow's TLS layer closes
 * it only when it has more to send, and a client that ignores the alert would hold the connection (and a TCP router's
 * server connection) until a timeout; Go's TLS in Traefik closes at once. Undertow's TLS
 * layer suspends the socket's writes once more after its write handler ran, also when that handler has just closed
 * the connection (the exchange done after {@code Connection: close}): the socket's selection key is cancelled by then,
 * and XNIO's suspend creates and swallows a {@link java.nio.channels.CancelledKeyException}, with its stack trace, on
 * every such connection. A closed connection has nothing left to suspend. Everything else is the socket's.
 */
final class OpenSocketSink extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final StreamConnection connection;
    private volatile Closeable closeOnceWritten;

    private OpenSocketSink(StreamSinkConduit socket, StreamConnection connection) {
        super(socket);
        this.connection = connection;
    }

    /** Puts a sink under {@code connection}'s sink channel, above the socket's conduit; returns it. */
    static OpenSocketSink install(StreamConnection connection) {
        requireNonNull(connection, "connection");
        OpenSocketSink sink = new OpenSocketSink(connection.getSinkChannel().getConduit(), connection);
        connection.getSinkChannel().setConduit(sink);
        return sink;
    }

    /**
     * Closes {@code tls} (on the connection's IO thread) after the next write that leaves nothing of its bytes
     * unwritten: the TLS layer writes the alert it was handed last.
     */
    void closeOnceWritten(Closeable tls) {
        closeOnceWritten = requireNonNull(tls, "tls");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = next.write(src);
        closeIfWritten(!src.hasRemaining());
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = next.write(srcs, offset, length);
        boolean all = true;
        for (int i = offset; i < offset + length && all; i++) {
            all = !srcs[i].hasRemaining();
        }
        closeIfWritten(all);
        return written;
    }

    private void closeIfWritten(boolean all) {
        Closeable tls = closeOnceWritten;
        if (tls != null && all) {
            closeOnceWritten = null;
            connection.getIoThread().execute(() -> IoUtils.safeClose(tls));
        }
    }

    @Override
    public void suspendWrites() {
        if (connection.isOpen()) {
            next.suspendWrites();
        }
    }
}
