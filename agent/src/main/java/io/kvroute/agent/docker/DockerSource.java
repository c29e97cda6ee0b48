package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.agent.docker.DockerSourceException.Kind;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The agent's door to one Docker engine: lists and inspects containers as {@link ContainerInfo} and opens
 * {@link DockerWatch} subscriptions. Connects lazily, negotiating the API version ({@link ApiVersion#negotiate});
 * after a connection failure the next call connects (and negotiates) again. Thread-safe.
 */
public final class DockerSource implements AutoCloseable {
    private final DockerEndpoint endpoint;
    private final ApiVersion supportedMax;
    @GuardedBy("this")
    private DockerConnection connection;
    @GuardedBy("this")
    private boolean closed;

    public DockerSource(DockerEndpoint endpoint, ApiVersion supportedMax) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.supportedMax = requireNonNull(supportedMax, "supportedMax");
    }

    /** A source for {@code endpoint} talking at most {@link ApiVersion#SUPPORTED_MAX}; does not connect yet. */
    public static DockerSource open(DockerEndpoint endpoint) {
        return new DockerSource(endpoint, ApiVersion.SUPPORTED_MAX);
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** The API version talked to the engine, connecting first if needed. */
    public ApiVersion apiVersion() {
        return withConnection(DockerConnection::apiVersion);
    }

    /**
     * Every running container, inspected.
     *
     * @throws DockerSourceException when the engine is unavailable or refuses
     */
    public List<ContainerInfo> listContainers() {
        return withConnection(DockerConnection::listRunning);
    }

    /** One container, running or not; empty when it does not exist. */
    public Optional<ContainerInfo> inspect(String containerId) {
        requireNonNull(containerId, "containerId");
        return withConnection(connection -> connection.inspect(containerId));
    }

    /**
     * Starts watching the engine on a thread of its own; the watch has its own connection and outlives engine
     * restarts. Close it to stop.
     */
    public DockerWatch watch(DockerListener listener, WatchSettings settings) {
        requireNonNull(listener, "listener");
        requireNonNull(settings, "settings");
        synchronized (this) {
            if (closed) {
                throw new DockerSourceException(Kind.CLOSED, "docker source for " + endpoint + " is closed");
            }
        }
        return DockerWatch.start(endpoint, supportedMax, listener, settings);
    }

    /** Releases the shared connection; watches started from this source are closed separately. */
    @Override
    public synchronized void close() {
        closed = true;
        dropConnection();
    }

    private synchronized <T> T withConnection(Function<DockerConnection, T> call) {
        if (closed) {
            throw new DockerSourceException(Kind.CLOSED, "docker source for " + endpoint + " is closed");
        }
        if (connection == null) {
            connection = DockerConnection.open(endpoint, supportedMax);
        }
        try {
            return call.apply(connection);
        } catch (DockerSourceException e) {
            if (e.kind() == Kind.UNAVAILABLE) {
                dropConnection();
            }
            throw e;
        }
    }

    @GuardedBy("this")
    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
