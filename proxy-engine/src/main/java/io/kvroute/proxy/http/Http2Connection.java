package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.protocol.framed.AbstractFramedStreamSinkChannel;
import io.undertow.util.AttachmentKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * An HTTP/2 connection to a server that the exchanges on its I/O thread are lent, each request a stream
 * ({@link Http2Pool}): lent while it has fewer streams than the server allows ({@code SETTINGS_MAX_CONCURRENT_STREAMS}
 * as its HTTP/2 channel last heard it, the channel being known from the first request's stream; Go's initial 100
 * until then) and than {@link #MOST_STREAMS}, closed once it has had no stream for the
 * idle timeout, or at once when idle connections are not kept or its pool was closed. Used on its I/O thread only.
 */
final class Http2Connection {
    /** The HTTP/2 connection an exchange was lent last, so that its request's stream tells the server's limit. */
    static final AttachmentKey<Http2Connection> KEY = AttachmentKey.create(Http2Connection.class);
    /** Go's streams per connection until the server's SETTINGS came ({@code initialMaxConcurrentStreams}). */
    static final int INITIAL_MAX_STREAMS = 100;
    /**
     * The most streams kvroute opens at once on one connection, whatever the server allows: one, so each exchange has a
     * connection of its own. A graceful GOAWAY drains the connection ({@link GoAwayChannel}: the streams up to its last
     * stream id end normally), but a stream above that id, which the server never saw, is not resent on another
     * connection: it fails (500, the server not ejected). With one stream per connection that takes a GOAWAY racing
     * a new request on an idle connection; with more, every stream opened after the server's decision would fail.
     */
    static final int MOST_STREAMS = 1;

    private final ClientConnection connection;
    private final Duration idleTimeout;
    private final boolean keepIdle;
    private int streams;
    private Http2Channel channel;
    private boolean retired;
    private XnioExecutor.Key idleTimer;

    /**
     * @param idleTimeout how long the connection is kept without streams; zero: until the server closes it
     * @param keepIdle    whether a connection without streams is kept at all
     */
    Http2Connection(ClientConnection connection, Duration idleTimeout, boolean keepIdle) {
        this.connection = requireNonNull(connection, "connection");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
        this.keepIdle = keepIdle;
    }

    ClientConnection connection() {
        return connection;
    }

    /** Whether one more stream may be opened on it now. */
    boolean hasRoom() {
        return !retired && connection.isOpen() && streams < maxStreams();
    }

    private int maxStreams() {
        int allowed = channel == null ? -1 : channel.getSendMaxConcurrentStreams();
        return Math.min(allowed > 0 ? allowed : INITIAL_MAX_STREAMS, MOST_STREAMS);
    }

    /**
     * Lends the connection to {@code exchange} for one stream until the exchange ends; an exchange that has already
     * ended fails instead.
     */
    void lend(HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback, String path) {
        streams++;
        if (idleTimer != null) {
            idleTimer.remove();
            idleTimer = null;
        }
        try {
            exchange.addExchangeCompleteListener((ended, next) -> {
                release();
                next.proceed();
            });
        } catch (RuntimeException alreadyComplete) {
            release();
            callback.failed(exchange);
            return;
        }
        exchange.putAttachment(KEY, this);
        callback.completed(exchange, new ProxyConnection(connection, path));
    }

    /**
     * A request was sent on {@code pooled}: if that is this connection, its stream's channel is the one whose
     * settings tell how many streams the server allows.
     */
    void sent(ClientConnection pooled, ClientExchange sent) {
        if (channel == null && pooled == connection
                && sent.getRequestChannel() instanceof AbstractFramedStreamSinkChannel<?, ?, ?> stream
                && stream.getChannel() instanceof Http2Channel http2) {
            channel = http2;
        }
    }

    /** Lends no more streams; closes the connection once its last stream ended. */
    void retire() {
        retired = true;
        if (streams == 0) {
            IoUtils.safeClose(connection);
        }
    }

    private void release() {
        streams--;
        if (streams > 0 || !connection.isOpen()) {
            return;
        }
        if (retired || !keepIdle) {
            IoUtils.safeClose(connection);
        } else if (!idleTimeout.isZero()) {
            idleTimer = connection.getIoThread().executeAfter(() -> {
                idleTimer = null;
                if (streams == 0) {
                    IoUtils.safeClose(connection);
                }
            }, Math.max(1, idleTimeout.toMillis()), TimeUnit.MILLISECONDS);
        }
    }
}
