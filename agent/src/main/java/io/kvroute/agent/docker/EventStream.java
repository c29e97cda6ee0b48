package io.kvroute.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.kvroute.agent.docker.DockerSourceException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One open Docker event stream: forwards translated events, and tells its owner when the stream ended and why.
 * Errors after the owner's own {@link #close()} are expected (docker-java reports the closed socket) and ignored.
 */
final class EventStream implements ResultCallback<Event> {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String engine;
    private final Consumer<ContainerEvent> events;
    /** Counted down once the engine answered the subscription, or the stream ended before it did. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Closeable response;
    private volatile boolean closedByOwner;
    private volatile String endReason = "";

    private EventStream(String engine, Consumer<ContainerEvent> events) {
        this.engine = engine;
        this.events = events;
    }

    /** Subscribes and waits until the engine answered the subscription, so that a list made after it misses nothing. */
    static EventStream open(DockerConnection connection, Optional<Instant> since, Consumer<ContainerEvent> events) {
        EventStream stream = new EventStream("docker engine at " + connection.endpoint(), events);
        connection.subscribe(since, stream);
        try {
            if (!stream.settled.await(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                stream.close();
                throw new DockerSourceException(Kind.UNAVAILABLE, stream.engine + ": event subscription not answered within " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new DockerSourceException(Kind.CLOSED, stream.engine + ": interrupted while subscribing to events", e);
        }
        if (stream.ended.getCount() == 0) {
            throw new DockerSourceException(Kind.UNAVAILABLE, stream.endReason);
        }
        return stream;
    }

    /**
     * Waits until the stream ends, running {@code check} every {@code interval} meanwhile (a failing check ends
     * the wait by throwing).
     *
     * @return why the stream ended
     */
    String awaitEnd(Duration interval, Runnable check) throws InterruptedException {
        while (!ended.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
            check.run();
        }
        return endReason;
    }

    @Override
    public void onStart(Closeable response) {
        this.response = response;
        settled.countDown();
    }

    @Override
    public void onNext(Event event) {
        if (!closedByOwner) {
            DockerEvents.translate(event).ifPresent(events);
        }
    }

    @Override
    public void onError(Throwable error) {
        end(engine + ": event stream broke: " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()));
    }

    @Override
    public void onComplete() {
        end(engine + ": event stream ended by the engine");
    }

    @Override
    public void close() {
        closedByOwner = true;
        Closeable current = response;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                // The socket is already gone; nothing else to release.
            }
        }
        ended.countDown();
        settled.countDown();
    }

    private void end(String reason) {
        if (!closedByOwner && ended.getCount() > 0) {
            endReason = reason;
        }
        ended.countDown();
        settled.countDown();
    }
}
