package io.kvroute.proxy.http;

import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientStatistics;
import io.undertow.conduits.BytesReceivedStreamSourceConduit;
import io.undertow.conduits.BytesSentStreamSinkConduit;
import io.undertow.connector.ByteBufferPool;
import java.net.InetSocketAddress;
import java.net.URI;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * Opens HTTP/2 connections with prior knowledge to {@code h2c://} servers, as Undertow's {@code h2c-prior} client
 * provider does (the HTTP/2 channel sends the connection preface), but as a {@link DrainingHttp2Connection},
 * which a graceful GOAWAY drains rather than breaks. Counts the bytes read and written when the options ask for
 * statistics ({@link Http2Pings} watches the reads).
 */
final class H2cDialer {
    private H2cDialer() {
    }

    /** Connects to {@code target}'s host and port (80 when it has none) on {@code ioThread}; tells {@code listener}. */
    static void connect(ClientCallback<ClientConnection> listener, URI target, XnioIoThread ioThread,
            ByteBufferPool bufferPool, OptionMap options) {
        int port = target.getPort() < 0 ? 80 : target.getPort();
        String authority = target.getHost() + ":" + port;
        ioThread.openStreamConnection(new InetSocketAddress(target.getHost(), port),
                connection -> opened(connection, authority, listener, bufferPool, options), options)
                .addNotifier((future, attachment) -> {
                    if (future.getStatus() == IoFuture.Status.FAILED) {
                        listener.failed(future.getException());
                    }
                }, null);
    }

    private static void opened(StreamConnection connection, String authority,
            ClientCallback<ClientConnection> listener, ByteBufferPool bufferPool, OptionMap options) {
        ByteCounts counts = new ByteCounts();
        if (options.get(UndertowOptions.ENABLE_STATISTICS, false)) {
            connection.getSinkChannel().setConduit(new BytesSentStreamSinkConduit(
                    connection.getSinkChannel().getConduit(), bytes -> counts.written += bytes));
            connection.getSourceChannel().setConduit(new BytesReceivedStreamSourceConduit(
                    connection.getSourceChannel().getConduit(), bytes -> counts.read += bytes));
        }
        listener.completed(new DrainingHttp2Connection(new GoAwayChannel(connection, bufferPool, options), authority,
                counts));
    }

    /** The bytes a connection has read and written. */
    private static final class ByteCounts implements ClientStatistics {
        private long read;
        private long written;

        @Override
        public long getRequests() {
            return 0;
        }

        @Override
        public long getRead() {
            return read;
        }

        @Override
        public long getWritten() {
            return written;
        }

        @Override
        public void reset() {
            read = 0;
            written = 0;
        }
    }
}
