package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.XnioIoThread;
import org.xnio.ssl.XnioSsl;

/**
 * The connections to one server spoken to in HTTP/2 ({@code h2c://} with prior knowledge, or {@code https://} offering
 * h2 by ALPN): the exchanges in flight share a connection, one stream each, up to the streams the server allows and
 * {@link Http2Connection#MOST_STREAMS} (one, for now: a stream opened as the server's GOAWAY comes is not resent),
 * and another connection is opened when it is full, as Go's HTTP/2 transport does; requests that come while
 * a connection is being opened wait for it, as many as it will have streams, rather than open their own. Connections
 * are shared per I/O thread (an exchange and its server connection stay on one thread, as everywhere in Undertow's
 * proxy), where Traefik has one per server. An {@code https} server that answers ALPN with HTTP/1.1 has its first connection
 * closed and every later request sent through {@code http1}, a keep-alive pool. A failed connect leaves its cause on
 * the exchanges that waited for it ({@link ConnectFailure}). Connections are opened by {@link Http2Dialer}: a
 * graceful GOAWAY retires them (no new stream, closed once their streams ended, {@link DrainingHttp2Connection}).
 */
final class Http2Pool implements ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(Http2Pool.class);

    private final URI target;
    private final Optional<XnioSsl> ssl;
    private final OptionMap options;
    private final Duration idleTimeout;
    private final boolean keepIdle;
    private final Http2Pings pings;
    private final ServerPool http1;
    private final Map<XnioIoThread, ThreadShare> threads = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean speaksHttp1;
    private volatile boolean closed;

    /** What one I/O thread has: its open connections, and the dial that later requests may wait for. */
    private static final class ThreadShare {
        private final List<Http2Connection> connections = new ArrayList<>();
        private Dial dialing;
    }

    /**
     * A request waiting for a connection; one whose {@link ConnectAttempt} has ended (its dial timeout fired) has moved
     * on and gets nothing more from the pool.
     */
    private record Waiting(HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback) {
        boolean settled() {
            return callback instanceof ConnectAttempt attempt && attempt.settled();
        }

        void whenSettled(Runnable leave) {
            if (callback instanceof ConnectAttempt attempt) {
                attempt.whenSettled(leave);
            }
        }
    }

    /**
     * One connection being opened on an I/O thread and the requests waiting for it. A request whose attempt ends
     * before the connection comes leaves it; once none is left the dial is no longer the thread's, so that the next
     * request dials anew rather than wait for a dial that may outlive every dial timeout (a SYN that is never answered
     * takes the kernel minutes to give up), and the connection, if it still comes, is closed.
     */
    private static final class Dial {
        private final ThreadShare share;
        private final List<Waiting> waiters = new ArrayList<>();
        private boolean ended;

        Dial(ThreadShare share) {
            this.share = share;
        }

        void join(Waiting waiting) {
            waiters.add(waiting);
            waiting.whenSettled(() -> leave(waiting));
        }

        private void leave(Waiting waiting) {
            if (ended) {
                return;
            }
            waiters.remove(waiting);
            if (waiters.isEmpty() && share.dialing == this) {
                share.dialing = null;
            }
        }

        /** The dial has a result: the requests still waiting for it. */
        List<Waiting> end() {
            ended = true;
            if (share.dialing == this) {
                share.dialing = null;
            }
            return waiters.stream().filter(waiting -> !waiting.settled()).toList();
        }
    }

    /**
     * @param target      the URL of the server ({@code h2c-prior://...} or {@code https://...})
     * @param ssl         TLS for an {@code https} target
     * @param options     the connection options, h2 enabled and statistics on (the pings count reads)
     * @param idleTimeout how long a connection without streams is kept (zero: until the server closes it)
     * @param keepIdle    whether connections without streams are kept at all
     * @param http1       where requests go once the server has answered ALPN with HTTP/1.1
     */
    Http2Pool(URI target, Optional<XnioSsl> ssl, OptionMap options, Duration idleTimeout,
            boolean keepIdle, Http2Pings pings, ServerPool http1) {
        this.target = requireNonNull(target, "target");
        this.ssl = requireNonNull(ssl, "ssl");
        this.options = requireNonNull(options, "options");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
        this.keepIdle = keepIdle;
        this.pings = requireNonNull(pings, "pings");
        this.http1 = requireNonNull(http1, "http1");
    }

    @Override
    public void connect(ProxyClient.ProxyTarget proxyTarget, HttpServerExchange exchange,
            ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        if (speaksHttp1) {
            http1.connect(proxyTarget, exchange, callback, timeout, timeUnit);
            return;
        }
        ThreadShare share = threads.computeIfAbsent(exchange.getIoThread(), thread -> new ThreadShare());
        lendOrDial(share, new Waiting(exchange, callback));
    }

    private void lendOrDial(ThreadShare share, Waiting waiting) {
        if (closed) {
            waiting.callback().queuedRequestFailed(waiting.exchange());
            return;
        }
        share.connections.removeIf(connection -> !connection.connection().isOpen());
        for (Http2Connection connection : share.connections) {
            if (connection.hasRoom()) {
                connection.lend(waiting.exchange(), waiting.callback(), path());
                return;
            }
        }
        Dial joinable = share.dialing;
        if (joinable != null && joinable.waiters.size() < Http2Connection.MOST_STREAMS) {
            joinable.join(waiting);
            return;
        }
        Dial dial = new Dial(share);
        share.dialing = dial;
        dial.join(waiting);
        HttpServerExchange exchange = waiting.exchange();
        ClientCallback<ClientConnection> dialed = new ClientCallback<>() {
            @Override
            public void completed(ClientConnection connection) {
                List<Waiting> waited = dial.end();
                if (waited.isEmpty()) {
                    LOG.debug("connect to {} completed after every request waiting for it moved on", target);
                    IoUtils.safeClose(connection);
                    return;
                }
                opened(share, connection, waited);
            }

            @Override
            public void failed(IOException e) {
                List<Waiting> waited = dial.end();
                LOG.debug("connect to {} failed: {}", target, e.toString());
                for (Waiting failed : waited) {
                    ConnectFailure.record(failed.exchange(), e);
                    failed.callback().failed(failed.exchange());
                }
            }
        };
        if (ssl.isPresent()) {
            Http2Dialer.alpn(dialed, () -> speakHttp1(dial.end()), target, exchange.getIoThread(), ssl.get(),
                    exchange.getConnection().getByteBufferPool(), options);
        } else {
            Http2Dialer.prior(dialed, target, exchange.getIoThread(), exchange.getConnection().getByteBufferPool(),
                    options);
        }
    }

    private void speakHttp1(List<Waiting> waited) {
        LOG.debug("{} answered ALPN with HTTP/1.1: its requests go through a keep-alive pool", target);
        speaksHttp1 = true;
        for (Waiting waiting : waited) {
            http1.connect(null, waiting.exchange(), waiting.callback(), 0, TimeUnit.MILLISECONDS);
        }
    }

    private void opened(ThreadShare share, ClientConnection connection, List<Waiting> waited) {
        Http2Connection shared = new Http2Connection(connection, idleTimeout, keepIdle);
        open.incrementAndGet();
        connection.addCloseListener(closedConnection -> {
            open.decrementAndGet();
            share.connections.remove(shared);
        });
        share.connections.add(shared);
        ((DrainingHttp2Connection) connection).whenGoneAway(shared::retire);
        pings.watch(connection);
        if (closed) {
            shared.retire();
        }
        for (Waiting waiting : waited) {
            if (!waiting.settled()) {
                lendOrDial(share, waiting);
            }
        }
    }

    private String path() {
        return target.getPath() == null ? "/" : target.getPath();
    }

    @Override
    public boolean available() {
        return speaksHttp1 ? http1.available() : !closed;
    }

    @Override
    public int openConnections() {
        return open.get() + http1.openConnections();
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach((thread, share) -> retireAll(thread, share));
        http1.close();
    }

    /** Retires the connections of {@code share} on their thread; a thread that is stopping closes them itself. */
    private static void retireAll(XnioIoThread thread, ThreadShare share) {
        try {
            thread.execute(() -> List.copyOf(share.connections).forEach(Http2Connection::retire));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("not retiring the HTTP/2 connections of {}: it is stopping ({})", thread.getName(),
                    stopping.getMessage());
        }
    }
}
