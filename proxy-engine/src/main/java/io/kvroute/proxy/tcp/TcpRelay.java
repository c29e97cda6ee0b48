package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Transfer;
import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.xnio.ChannelExceptionHandler;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

/**
 * Copies bytes both ways between a client and its server with Undertow's {@link Transfer} until both sides have
 * stopped sending, as Traefik's TCP proxy does: when one side ends, the other gets the end (its write side shut)
 * and may go on sending for the termination delay (negative: as long as it likes); then, or on any error, both
 * connections close. {@code closed} runs once, when they do; {@code failed} is told of the first error and of the
 * connection (client or server) on which it happened, even one reported after the connections closed (Undertow closes them before it reports a failed transfer). Runs on the
 * connections' I/O thread.
 */
final class TcpRelay {
    private final StreamConnection client;
    private final StreamConnection server;
    private final Duration terminationDelay;
    private final Runnable closed;
    private final BiConsumer<StreamConnection, IOException> failed;
    private int directionsDone;
    private boolean finished;
    private boolean failureTold;

    private TcpRelay(StreamConnection client, StreamConnection server, Duration terminationDelay, Runnable closed,
            BiConsumer<StreamConnection, IOException> failed) {
        this.client = client;
        this.server = server;
        this.terminationDelay = terminationDelay;
        this.closed = closed;
        this.failed = failed;
    }

    static void start(StreamConnection client, StreamConnection server, Duration terminationDelay,
            ByteBufferPool buffers, Runnable closed, BiConsumer<StreamConnection, IOException> failed) {
        TcpRelay relay = new TcpRelay(requireNonNull(client, "client"), requireNonNull(server, "server"),
                requireNonNull(terminationDelay, "terminationDelay"), requireNonNull(closed, "closed"),
                requireNonNull(failed, "failed"));
        client.setCloseListener(connection -> relay.finish());
        server.setCloseListener(connection -> relay.finish());
        ChannelExceptionHandler<Channel> broken = relay::fail;
        Transfer.initiateTransfer(client.getSourceChannel(), server.getSinkChannel(), null, relay.ended(), broken,
                broken, buffers);
        Transfer.initiateTransfer(server.getSourceChannel(), client.getSinkChannel(), null, relay.ended(), broken,
                broken, buffers);
    }

    /** What runs on a sink once its source ended: the end passed on (write side shut, flushed), then counted. */
    private ChannelListener<StreamSinkChannel> ended() {
        return ChannelListeners.writeShutdownChannelListener(sink -> directionEnded(),
                this::fail);
    }

    private void directionEnded() {
        directionsDone++;
        if (directionsDone == 2) {
            finish();
        } else if (!terminationDelay.isNegative()) {
            client.getIoThread().executeAfter(this::finish, terminationDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void fail(Channel channel, IOException exception) {
        if (!failureTold) {
            failureTold = true;
            boolean clientSide = channel == client.getSourceChannel() || channel == client.getSinkChannel();
            failed.accept(clientSide ? client : server, exception);
        }
        finish();
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        IoUtils.safeClose(client, server);
        closed.run();
    }
}
