package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running subscription to one engine: lists the running containers, then streams their changes to a
 * {@link DockerListener}. When the stream breaks (engine restart, socket gone, failed ping) it reconnects with
 * jittered exponential backoff, renegotiates the API version, subscribes again from the last event seen
 * ({@code since}) and re-lists, for as long as it is open. It never throws to its caller and never stops the
 * process; connection changes are logged once per transition.
 */
public final class DockerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerWatch.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Far beyond the point where the backoff reaches its cap; keeps the counter from overflowing. */
    private static final int MAX_COUNTED_FAILURES = 64;

    private enum State { UNKNOWN, CONNECTED, DISCONNECTED }

    private final DockerEndpoint endpoint;
    private final ApiVersion supportedMax;
    private final DockerListener listener;
    private final WatchSettings settings;
    private final Object deliveryLock = new Object();
    private final Thread loop;
    private volatile boolean closed;
    private volatile EventStream currentStream;
    private volatile State state = State.UNKNOWN;
    private volatile Instant lastEventTime;

    private DockerWatch(DockerEndpoint endpoint, ApiVersion supportedMax, DockerListener listener, WatchSettings settings) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.supportedMax = requireNonNull(supportedMax, "supportedMax");
        this.listener = requireNonNull(listener, "listener");
        this.settings = requireNonNull(settings, "settings");
        this.loop = new Thread(this::run, "kvroute-docker-watch");
        this.loop.setDaemon(true);
    }

    static DockerWatch start(DockerEndpoint endpoint, ApiVersion supportedMax, DockerListener listener, WatchSettings settings) {
        DockerWatch watch = new DockerWatch(endpoint, supportedMax, listener, settings);
        watch.loop.start();
        return watch;
    }

    /** True while the watch is open, its event stream is up, and the listener has heard so. */
    public boolean isConnected() {
        return !closed && state == State.CONNECTED;
    }

    /** Stops the subscription and waits (bounded) for its thread to end; the listener hears nothing afterwards. */
    @Override
    public void close() {
        closed = true;
        EventStream stream = currentStream;
        if (stream != null) {
            stream.close();
        }
        loop.interrupt();
        try {
            loop.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                failures = connectAndStream() ? 0 : failures;
            } catch (DockerSourceException e) {
                disconnected(e.getMessage());
            } catch (InterruptedException e) {
                // Only close() interrupts this thread, and the closed flag ends the loop.
            } catch (RuntimeException e) {
                LOG.error("docker watch on {}: unexpected failure; reconnecting", endpoint, e);
                disconnected("docker engine at " + endpoint + ": unexpected failure: " + e);
            }
            if (closed) {
                break;
            }
            Duration delay = settings.backoff().delay(failures + 1, ThreadLocalRandom.current());
            failures = Math.min(failures + 1, MAX_COUNTED_FAILURES);
            LOG.debug("docker watch on {}: reconnecting in {} ms", endpoint, delay.toMillis());
            try {
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            } catch (InterruptedException e) {
                // Only close() interrupts this thread, and the closed flag ends the loop.
            }
        }
    }

    /**
     * One connection's life: subscribe, list, deliver, until the stream ends.
     *
     * @return true when the connection got as far as delivering a listing
     */
    private boolean connectAndStream() throws InterruptedException {
        try (DockerConnection connection = DockerConnection.open(endpoint, supportedMax)) {
            EventStream stream = EventStream.open(connection, Optional.ofNullable(lastEventTime), this::eventReceived);
            currentStream = stream;
            try {
                if (closed) {
                    return false;
                }
                List<ContainerInfo> running = connection.listRunning();
                deliver(() -> listener.containersListed(running));
                connected("API " + connection.apiVersion());
                String reason = stream.awaitEnd(settings.pingInterval(), connection::ping);
                if (!closed) {
                    disconnected(reason);
                }
                return true;
            } finally {
                currentStream = null;
                stream.close();
            }
        }
    }

    private void eventReceived(ContainerEvent event) {
        Instant previous = lastEventTime;
        if (previous == null || event.time().isAfter(previous)) {
            lastEventTime = event.time();
        }
        LOG.debug("docker {}: {}", endpoint, event);
        deliver(() -> listener.containerChanged(event));
    }

    private void connected(String detail) {
        if (state != State.CONNECTED) {
            LOG.info("docker engine {} connected ({})", endpoint, detail);
            deliver(() -> listener.connectionChanged(true, detail));
            state = State.CONNECTED;
        }
    }

    private void disconnected(String reason) {
        if (closed) {
            return;
        }
        if (state != State.DISCONNECTED) {
            LOG.warn("{}; reconnecting with backoff (at most {} ms apart)", reason, settings.backoff().max().toMillis());
            deliver(() -> listener.connectionChanged(false, reason));
            state = State.DISCONNECTED;
        } else {
            LOG.debug("still unavailable: {}", reason);
        }
    }

    private void deliver(Runnable call) {
        synchronized (deliveryLock) {
            if (closed) {
                return;
            }
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.error("docker watch on {}: listener failed; continuing", endpoint, e);
            }
        }
    }
}
