package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The sink under a TLS connection, on a real accepted XNIO socket: writes are suspended on the socket while the
 * connection is open, and not at all once it is closed (where XNIO would create and swallow a
 * CancelledKeyException for the cancelled selection key).
 */
class OpenSocketSinkTest {
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> server;
    private Socket client;
    private StreamConnection accepted;
    private final AtomicInteger socketSuspends = new AtomicInteger();

    @BeforeEach
    void accept() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        CompletableFuture<StreamConnection> connection = new CompletableFuture<>();
        server = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ChannelListeners.openListenerAdapter(connection::complete), OptionMap.EMPTY);
        server.resumeAccepts();
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalAddress(InetSocketAddress.class).getPort());
        accepted = connection.get(10, TimeUnit.SECONDS);
        accepted.getSinkChannel().setConduit(new CountingSuspends(accepted.getSinkChannel().getConduit()));
        OpenSocketSink.install(accepted);
    }

    @AfterEach
    void close() throws Exception {
        IoUtils.safeClose(accepted, server);
        client.close();
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void suspendsTheSocketsWritesWhileOpen() throws Exception {
        // On the connection's I/O thread, as Undertow does it: no writable event (whose default handling suspends
        // writes too) comes between the resume and the suspend.
        CompletableFuture<Integer> suspends = new CompletableFuture<>();
        accepted.getIoThread().execute(() -> {
            accepted.getSinkChannel().resumeWrites();
            socketSuspends.set(0);

            accepted.getSinkChannel().suspendWrites();

            suspends.complete(socketSuspends.get());
        });

        assertThat(suspends.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(accepted.getSinkChannel().isWriteResumed()).isFalse();
    }

    @Test
    void leavesAClosedConnectionsSocketAlone() throws Exception {
        accepted.close();
        socketSuspends.set(0);

        accepted.getSinkChannel().suspendWrites();

        assertThat(socketSuspends).hasValue(0);
    }

    /** Counts the suspends that reach the socket's conduit. */
    private final class CountingSuspends extends AbstractStreamSinkConduit<StreamSinkConduit> {
        CountingSuspends(StreamSinkConduit socket) {
            super(socket);
        }

        @Override
        public void suspendWrites() {
            socketSuspends.incrementAndGet();
            next.suspendWrites();
        }
    }
}
