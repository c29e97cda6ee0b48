package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientStatistics;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * HTTP/2 health pings, a servers transport's {@code forwardingTimeouts.readIdleTimeout} and {@code pingTimeout} as
 * Go's HTTP/2 transport applies them: a connection that has read nothing for {@code readIdleTimeout} sends a PING, and
 * is closed when no answer comes within {@code pingTimeout} (0: Go's 15 s), so that the next request opens a new one
 * instead of waiting on a dead server. Reads are seen through the connection's byte count, checked a quarter of
 * {@code readIdleTimeout} apart (Go resets its timer on every frame), on the connection's I/O thread.
 *
 * @param readIdleTimeout zero: no pings
 */
record Http2Pings(Duration readIdleTimeout, Duration pingTimeout) {
    private static final Logger LOG = LoggerFactory.getLogger(Http2Pings.class);
    /** Go's {@code http2.Transport} ping timeout when none is set. */
    static final Duration GO_DEFAULT_PING_TIMEOUT = Duration.ofSeconds(15);

    Http2Pings {
        requireNonNull(readIdleTimeout, "readIdleTimeout");
        requireNonNull(pingTimeout, "pingTimeout");
    }

    /** Pings {@code connection} while it is open, if a read idle timeout is set and the connection counts its reads. */
    void watch(ClientConnection connection) {
        if (readIdleTimeout.compareTo(Duration.ZERO) > 0 && connection.getStatistics() != null) {
            new Watch(connection, connection.getStatistics()).next();
        }
    }

    private Duration answerWithin() {
        return pingTimeout.compareTo(Duration.ZERO) > 0 ? pingTimeout : GO_DEFAULT_PING_TIMEOUT;
    }

    /** The pings of one connection. */
    private final class Watch {
        private final ClientConnection connection;
        private final ClientStatistics statistics;
        private long read = -1;
        private long quietSince = System.nanoTime();
        private boolean pinging;

        Watch(ClientConnection connection, ClientStatistics statistics) {
            this.connection = connection;
            this.statistics = statistics;
        }

        void next() {
            long every = Math.max(1, readIdleTimeout.toMillis() / 4);
            try {
                connection.getIoThread().executeAfter(this::check, every, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("no more pings to {}: its I/O thread is stopping", connection.getPeerAddress());
            }
        }

        private void check() {
            if (!connection.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            long readNow = statistics.getRead();
            if (readNow != read) {
                read = readNow;
                quietSince = now;
            } else if (!pinging && now - quietSince >= readIdleTimeout.toNanos()) {
                ping();
            }
            next();
        }

        private void ping() {
            pinging = true;
            connection.sendPing(new ClientConnection.PingListener() {
                @Override
                public void acknowledged() {
                    pinging = false;
                }

                @Override
                public void failed(IOException e) {
                    LOG.info("closing the HTTP/2 connection to {}: no answer to a PING within {} after {} without a "
                            + "frame read ({})", connection.getPeerAddress(), GoDuration.format(answerWithin()),
                            GoDuration.format(readIdleTimeout), e.getMessage());
                    IoUtils.safeClose(connection);
                }
            }, answerWithin().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
