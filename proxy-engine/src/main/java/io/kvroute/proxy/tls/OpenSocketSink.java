package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The socket's sink under a TLS connection, which suspends writes only while the connection is open. Undertow's TLS
 * layer suspends the socket's writes once more after its write handler ran, also when that handler has just closed
 * the connection (the exchange done after {@code Connection: close}): the socket's selection key is cancelled by then,
 * and XNIO's suspend creates and swallows a {@link java.nio.channels.CancelledKeyException}, with its stack trace, on
 * every such connection. A closed connection has nothing left to suspend. Everything else is the socket's.
 */
final class OpenSocketSink extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final StreamConnection connection;

    private OpenSocketSink(StreamSinkConduit socket, StreamConnection connection) {
        super(socket);
        this.connection = connection;
    }

    /** Puts the sink under {@code connection}'s sink channel, above the socket's conduit. */
    static void install(StreamConnection connection) {
        requireNonNull(connection, "connection");
        connection.getSinkChannel().setConduit(new OpenSocketSink(connection.getSinkChannel().getConduit(),
                connection));
    }

    @Override
    public void suspendWrites() {
        if (connection.isOpen()) {
            next.suspendWrites();
        }
    }
}
