package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.undertow.Undertow;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

/**
 * What every probe of one {@link HealthChecker} shares: an XNIO worker of its own with one I/O thread (all probing
 * and all of the checker's state live on it, so a probe costs no hand-over between threads, and client traffic on
 * the entry points' I/O threads neither delays probes nor is delayed by them), Undertow's non-blocking HTTP client,
 * the buffers, and for {@code https} probes TLS with a trust manager (by default the JDK's: the certificates it
 * trusts; Undertow's client adds hostname verification; the proxy itself has no TLS to backends) whose refusals are
 * remembered for the probe's error text ({@link RecordingTrust}).
 * {@code h2c} probes speak HTTP/2 with prior knowledge, as Traefik does to h2c servers.
 */
final class ProbeTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeTransport.class);
    /** Undertow's name for HTTP/2 over cleartext with prior knowledge. */
    private static final String H2C_PRIOR = "h2c-prior";
    private static final int BUFFER_BYTES = 8 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final OptionMap CONNECTION_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    /** Which server certificates https probes trust; asked on the first https probe. */
    @FunctionalInterface
    interface TlsTrust {
        /** The certificates the JDK trusts by default (its cacerts, or what {@code javax.net.ssl.trustStore} names). */
        TlsTrust JDK_DEFAULT = () -> {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return factory;
        };

        TrustManagerFactory get() throws GeneralSecurityException;
    }

    private final Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
    private final XnioWorker worker;
    private final XnioIoThread ioThread;
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 8);
    private final UndertowClient client = UndertowClient.getInstance();
    private final TlsTrust tls;
    private volatile boolean closed;
    /** Made on the first https probe; touched only on the I/O thread. */
    private XnioSsl ssl;
    private RecordingTrust trust;

    /** Starts the worker; its I/O thread is named {@code threadName I/O-1}. */
    ProbeTransport(String threadName, TlsTrust tls) {
        this.tls = requireNonNull(tls, "tls");
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
     * Opens a connection to {@code origin} ({@code scheme://host:port}), on the I/O thread; the callback runs there
     * too. A name is resolved here, as the proxy's own connection pools do.
     */
    void connect(URI origin, ClientCallback<ClientConnection> callback) {
        if (closed) {
            callback.failed(new IOException("the health checker is closed"));
            return;
        }
        String scheme = origin.getScheme();
        if (scheme.equals("https") && ssl == null) {
            try {
                startTls();
            } catch (GeneralSecurityException | RuntimeException e) {
                callback.failed(new IOException("no TLS for https probes: " + e.getMessage(), e));
                return;
            }
        }
        URI target = origin;
        if (scheme.equals("h2c")) {
            try {
                target = new URI(H2C_PRIOR, null, origin.getHost(), origin.getPort(), null, null, null);
            } catch (URISyntaxException e) {
                callback.failed(new IOException("h2c origin " + origin + ": " + e.getReason(), e));
                return;
            }
        }
        try {
            client.connect(callback, target, ioThread, ssl, buffers, CONNECTION_OPTIONS);
        } catch (RuntimeException unconnectable) {
            callback.failed(ProbeFailures.asIoException(unconnectable));
        }
    }

    /** Why the last TLS handshake with {@code origin} was refused, if it was. */
    Optional<String> tlsRefusal(URI origin) {
        return trust == null ? Optional.empty() : trust.refusal(origin.getHost(), origin.getPort());
    }

    private void startTls() throws GeneralSecurityException {
        X509ExtendedTrustManager chosen = Arrays.stream(tls.get().getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new GeneralSecurityException(
                        "no X509 trust manager (expected: one for server certificates)"));
        RecordingTrust recording = new RecordingTrust(chosen);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {recording}, null);
        ssl = new UndertowXnioSsl(xnio, OptionMap.EMPTY, buffers, context);
        trust = recording;
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
