package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.FailedIoFuture;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * What every probe of one {@link HealthChecker} shares: an XNIO worker of its own with one I/O thread (all probing
 * and all of the checker's state live on it, so a probe costs no hand-over between threads, and client traffic on
 * the entry points' I/O threads neither delays probes nor is delayed by them), Undertow's non-blocking HTTP client,
 * the buffers, and for {@code https} probes the TLS of each servers transport the probed servers are on
 * ({@link ProbeTls}), made when the first server on it is probed over TLS and dropped when the last one stops, so a
 * changed transport gets new TLS. {@code h2c} probes speak HTTP/2 with prior knowledge, as Traefik's transport does to
 * h2c servers, health checks included; {@code https} probes offer h2 by ALPN unless the transport sets
 * {@code disableHTTP2}, as its requests do.
 */
final class ProbeTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeTransport.class);
    /** Undertow's name for HTTP/2 over cleartext with prior knowledge. */
    private static final String H2C_PRIOR = "h2c-prior";
    private static final int BUFFER_BYTES = 8 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final OptionMap CONNECTION_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    /** The probes' TLS of one transport's settings and how many servers' probers use it. */
    private static final class SharedTls {
        final ProbeTls tls;
        int users;

        SharedTls(ProbeTls tls) {
            this.tls = tls;
        }
    }

    private final Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
    private final XnioWorker worker;
    private final XnioIoThread ioThread;
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 8);
    private final UndertowClient client = UndertowClient.getInstance();
    /** The TLS in use, by the transport settings it is made of; touched only on the I/O thread. */
    private final Map<ServerTls, SharedTls> tls = new HashMap<>();
    private volatile boolean closed;

    /** Starts the worker; its I/O thread is named {@code threadName I/O-1}. */
    ProbeTransport(String threadName) {
        try {
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, requireNonNull(threadName, "threadName"))
                    .set(Options.WORKER_IO_THREADS, 1)
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 2)
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("health checker: cannot start its I/O thread", e);
        }
        ioThread = worker.getIoThread(0);
    }

    /** Whether {@link #close()} was called: results still arriving are to be ignored. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Runs {@code task} on the I/O thread after {@code delayNanos}; once the checker is closed nothing runs and the
     * returned key removes nothing.
     */
    XnioExecutor.Key schedule(Runnable task, long delayNanos) {
        try {
            return ioThread.executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return XnioExecutor.Key.IMMEDIATE;
        }
    }

    /** Runs {@code task} on the I/O thread; once the checker is closed, nothing runs. */
    void execute(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.debug("health checker closed; a late call is ignored");
        }
    }

    ByteBufferPool buffers() {
        return buffers;
    }

    /**
     * The probes' TLS for {@code serverTls}, on the I/O thread: the one already in use for equal settings, else a new
     * one; each call is matched by one {@link #release(ServerTls)}.
     */
    ProbeTls use(ServerTls serverTls) {
        SharedTls shared = tls.get(serverTls);
        if (shared == null) {
            shared = new SharedTls(ProbeTls.of(serverTls, xnio, buffers));
            tls.put(serverTls, shared);
        }
        shared.users++;
        return shared.tls;
    }

    /** A prober no longer uses the TLS of {@code serverTls}; the last one's release drops it. */
    void release(ServerTls serverTls) {
        SharedTls shared = tls.get(serverTls);
        if (shared != null && --shared.users == 0) {
            tls.remove(serverTls);
        }
    }

    /**
     * Opens a connection to {@code origin} ({@code scheme://host:port}), on the I/O thread, in TLS with {@code tls}
     * for an {@code https} origin, offering h2 and HTTP/1.1 by ALPN when {@code http2} (the server picks, as for
     * Traefik's health checks), HTTP/1.1 only otherwise; the callback runs on the I/O thread too. A name is resolved here, as the proxy's
     * own connection pools do.
     */
    void connect(URI origin, ProbeTls tls, boolean http2, ClientCallback<ClientConnection> callback) {
        if (closed) {
            callback.failed(new IOException("the health checker is closed"));
            return;
        }
        URI target = origin;
        if (origin.getScheme().equals("h2c")) {
            try {
                target = new URI(H2C_PRIOR, null, origin.getHost(), origin.getPort(), null, null, null);
            } catch (URISyntaxException e) {
                callback.failed(new IOException("h2c origin " + origin + ": " + e.getReason(), e));
                return;
            }
        }
        boolean https = origin.getScheme().equals("https");
        OptionMap options = https
                ? OptionMap.builder().addAll(CONNECTION_OPTIONS).addAll(tls.connectOptions())
                        .set(UndertowOptions.ENABLE_HTTP2, http2).getMap()
                : CONNECTION_OPTIONS;
        try {
            client.connect(callback, target, ioThread, https ? tls.ssl() : null, buffers, options);
        } catch (RuntimeException unconnectable) {
            callback.failed(ProbeFailures.asIoException(unconnectable));
        }
    }

    /**
     * Opens a plain TCP connection to {@code address} from the I/O thread, for a TCP probe; the future completes on
     * the I/O thread. Once the checker is closed, the future fails at once.
     */
    IoFuture<StreamConnection> openStream(InetSocketAddress address) {
        if (closed) {
            return new FailedIoFuture<>(new IOException("the health checker is closed"));
        }
        return ioThread.openStreamConnection(address, connection -> { }, CONNECTION_OPTIONS);
    }

    /** Stops the I/O thread, which closes every connection, and waits a while for it unless called on it. */
    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        if (Thread.currentThread() != ioThread) {
            try {
                worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        buffers.close();
    }
}
