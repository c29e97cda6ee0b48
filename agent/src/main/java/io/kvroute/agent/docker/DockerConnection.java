package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kvroute.agent.docker.DockerSourceException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One docker-java client talking a negotiated API version to one engine. Every docker-java error leaves this
 * class as a {@link DockerSourceException}.
 */
final class DockerConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CONNECTIONS = 8;

    private final DockerEndpoint endpoint;
    private final DockerClient client;
    private final ApiVersion apiVersion;

    private DockerConnection(DockerEndpoint endpoint, DockerClient client, ApiVersion apiVersion) {
        this.endpoint = endpoint;
        this.client = client;
        this.apiVersion = apiVersion;
    }

    /** Asks the engine for its API version (unversioned call), then builds a client for the negotiated one. */
    static DockerConnection open(DockerEndpoint endpoint, ApiVersion supportedMax) {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(supportedMax, "supportedMax");
        DockerClient probe = client(endpoint, RemoteApiVersion.unknown());
        String engineVersion;
        try {
            engineVersion = call(endpoint, "version", () -> probe.versionCmd().exec().getApiVersion());
        } finally {
            closeQuietly(probe);
        }
        ApiVersion engine;
        try {
            engine = ApiVersion.parse(engineVersion == null ? "" : engineVersion);
        } catch (IllegalArgumentException e) {
            throw new DockerSourceException(Kind.REJECTED,
                    "docker engine at " + endpoint + ": reported API version \"" + engineVersion + "\" (expected: MAJOR.MINOR)", e);
        }
        ApiVersion chosen = ApiVersion.negotiate(engine, supportedMax);
        return new DockerConnection(endpoint, client(endpoint, RemoteApiVersion.parseConfig(chosen.toString())), chosen);
    }

    DockerEndpoint endpoint() {
        return endpoint;
    }

    ApiVersion apiVersion() {
        return apiVersion;
    }

    void ping() {
        call(endpoint, "ping", () -> client.pingCmd().exec());
    }

    /** Inspects every running container; containers that vanish between list and inspect are left out. */
    List<ContainerInfo> listRunning() {
        List<Container> containers = call(endpoint, "list containers", () -> client.listContainersCmd().exec());
        List<ContainerInfo> running = new ArrayList<>();
        for (Container container : containers) {
            inspect(container.getId()).filter(ContainerInfo::running).ifPresent(running::add);
        }
        return running;
    }

    Optional<ContainerInfo> inspect(String containerId) {
        requireNonNull(containerId, "containerId");
        try {
            return Optional.of(ContainerInspections.toInfo(
                    call(endpoint, "inspect container " + containerId, () -> client.inspectContainerCmd(containerId).exec())));
        } catch (DockerSourceException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Starts the container and network event stream, replaying from {@code since} when given. */
    void subscribe(Optional<Instant> since, ResultCallback<Event> callback) {
        EventsCmd events = client.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER, EventType.NETWORK)
                .withEventFilter(ContainerAction.DOCKER_NAMES.toArray(String[]::new));
        since.ifPresent(instant -> events.withSince(DockerEvents.since(instant)));
        call(endpoint, "subscribe to events", () -> events.exec(callback));
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    static <T> T call(DockerEndpoint endpoint, String what, Supplier<T> call) {
        String prefix = "docker engine at " + endpoint + ": " + what;
        try {
            return call.get();
        } catch (NotFoundException e) {
            throw new DockerSourceException(Kind.NOT_FOUND, prefix + ": not found", e);
        } catch (UnauthorizedException e) {
            throw new DockerSourceException(Kind.REJECTED, prefix + ": not authorized", e);
        } catch (com.github.dockerjava.api.exception.DockerException e) {
            throw new DockerSourceException(Kind.REJECTED, prefix + ": HTTP " + e.getHttpStatus() + " " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || rootCause(e) instanceof InterruptedIOException) {
                throw new DockerSourceException(Kind.CLOSED, prefix + ": interrupted", e);
            }
            throw new DockerSourceException(Kind.UNAVAILABLE, prefix + ": " + describe(rootCause(e)), e);
        }
    }

    private static DockerClient client(DockerEndpoint endpoint, RemoteApiVersion version) {
        // TLS is the HTTP client's (DockerTlsDirectory), never docker-java's: its reader of a certificate directory
        // (chosen by $DOCKER_TLS_VERIFY unless told otherwise here) needs BouncyCastle, which the agent jar leaves out.
        DefaultDockerClientConfig built = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.uri().toString())
                .withApiVersion(version)
                .withDockerTlsVerify(false)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(endpoint.tlsCertDir().map(DockerTlsDirectory::new).orElse(null))
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        return DockerClientImpl.getInstance(built, http);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + firstLine(message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // Closing a client whose engine is gone can fail; there is nothing left to release.
        }
    }
}
