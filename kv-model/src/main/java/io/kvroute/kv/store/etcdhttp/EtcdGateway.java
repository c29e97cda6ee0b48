package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * etcd's JSON gateway over the JDK HTTP client: one POST per call to the member the client currently uses, moving
 * to the next member (round robin, as jetcd's client does) when a member refuses the connection (the request then
 * tries the next one within its deadline), leaves a request unanswered past its deadline, or answers
 * {@code UNAVAILABLE}. With credentials, every request carries the token of {@code /v3/auth/authenticate} in its
 * {@code Authorization} header; a token etcd calls invalid is renewed and the request sent once more.
 */
final class EtcdGateway {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Slack past the client's own request deadline before a caller stops waiting for it. */
    private static final Duration AWAIT_SLACK = Duration.ofMillis(500);

    private final List<URI> endpoints;
    private final String description;
    private final Optional<String> username;
    private final Optional<String> password;
    private final HttpClient client;
    private final AtomicInteger current = new AtomicInteger();
    /** The auth token in use, empty until the first authenticated request (and again once etcd refuses it). */
    private final AtomicReference<Optional<String>> token = new AtomicReference<>(Optional.empty());

    EtcdGateway(StoreSettings settings) {
        requireNonNull(settings, "settings");
        if (settings.type() != StoreSettings.Type.ETCD) {
            throw new IllegalArgumentException("settings.type: " + settings.type() + " (expected: ETCD)");
        }
        if (settings.username().isPresent() != settings.password().isPresent()) {
            throw new IllegalArgumentException("etcd.username/etcd.password: only one given (expected: both or neither)");
        }
        if (settings.tlsCert().isPresent() != settings.tlsKey().isPresent()) {
            throw new IllegalArgumentException("etcd.tls.cert/etcd.tls.key: only one given (expected: both or neither)");
        }
        List<String> urls = endpointUrls(settings);
        this.endpoints = urls.stream().map(url -> URI.create(url.endsWith("/") ? url : url + "/")).toList();
        this.description = "etcd " + String.join(",", urls);
        this.username = settings.username();
        this.password = settings.password();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout());
        GatewayTls.context(settings).ifPresent(builder::sslContext);
        this.client = builder.build();
    }

    /** The endpoints as URLs: {@code host:port} gets {@code http://}, or {@code https://} when TLS is configured. */
    static List<String> endpointUrls(StoreSettings settings) {
        boolean tls = settings.tlsCa().isPresent() || settings.tlsCert().isPresent();
        String scheme = tls ? "https://" : "http://";
        return settings.endpoints().stream()
                .map(endpoint -> endpoint.contains("://") ? endpoint : scheme + endpoint)
                .toList();
    }

    String describe() {
        return description;
    }

    /** The member calls go to now. */
    URI endpoint() {
        return endpoints.get(current.get());
    }

    /** Calls {@code path} and waits for the answer at most {@code timeout}; fails with a {@link KvStoreException}. */
    JsonNode call(String path, ObjectNode body, Duration timeout, String call) {
        return await(post(path, body, timeout, call), timeout, call);
    }

    /** Calls {@code path} asynchronously; the future fails with a {@link KvStoreException}. */
    CompletableFuture<JsonNode> post(String path, ObjectNode body, Duration timeout, String call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return attempt(path, body, deadline, timeout, call, endpoints.size(), true);
    }

    /**
     * Opens a streamed call ({@code /v3/watch}) with extra headers; {@code handler} gets the member that answered. The
     * future completes when the stream ends (or fails to open, after trying every member that refuses connections).
     */
    CompletableFuture<HttpResponse<Void>> stream(String path, ObjectNode body, List<String> headers,
            Duration timeout, String call, Function<URI, BodyHandler<Void>> handler) {
        return streamAttempt(path, body, headers, timeout, call, handler, endpoints.size());
    }

    /** One short call to {@code endpoint} only, to learn whether that member still answers. */
    CompletableFuture<JsonNode> probe(URI endpoint, Duration timeout, String call) {
        return authenticated(timeout, call)
                .thenCompose(auth -> client.sendAsync(request(endpoint, "v3/maintenance/status", JSON.createObjectNode(),
                        timeout, auth, List.of()), HttpResponse.BodyHandlers.ofByteArray()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw GatewayErrors.fromFailure(failure, timeout, description, call);
                    }
                    return answer(response.body(), call);
                });
    }

    /** Moves on from the member at {@code index} (unless another call did already). */
    void moveOn(URI from) {
        int index = endpoints.indexOf(from);
        if (index >= 0) {
            current.compareAndSet(index, (index + 1) % endpoints.size());
        }
    }

    /** Forgets the token, so the next request authenticates again. */
    void tokenRefused() {
        token.set(Optional.empty());
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout, String call, String store) {
        try {
            return future.get(timeout.plus(AWAIT_SLACK).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new KvStoreException(Kind.TIMEOUT, store + ": " + call + ": no answer within "
                    + GoDuration.format(timeout), e);
        } catch (InterruptedException e) {
            future.cancel(false);
            throw GatewayErrors.fromFailure(e, timeout, store, call);
        } catch (ExecutionException e) {
            throw GatewayErrors.fromFailure(e, timeout, store, call);
        }
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, String call) {
        return await(future, timeout, call, description);
    }

    private CompletableFuture<JsonNode> attempt(String path, ObjectNode body, long deadline, Duration timeout,
            String call, int triesLeft, boolean mayRenewToken) {
        URI endpoint = endpoint();
        Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
        if (remaining.isNegative() || remaining.isZero()) {
            return CompletableFuture.failedFuture(GatewayErrors.fromFailure(new HttpTimeoutException("deadline"),
                    timeout, description, call));
        }
        return authenticated(remaining, call)
                .thenCompose(auth -> client.sendAsync(request(endpoint, path, body, remaining, auth, List.of()),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = GatewayErrors.unwrap(failure);
                        if (cause instanceof KvStoreException known) {
                            return CompletableFuture.<JsonNode>failedFuture(known);
                        }
                        moveOnAfter(cause, endpoint);
                        if (GatewayErrors.notSent(cause) && triesLeft > 1) {
                            return attempt(path, body, deadline, timeout, call, triesLeft - 1, mayRenewToken);
                        }
                        return CompletableFuture.<JsonNode>failedFuture(
                                GatewayErrors.fromFailure(cause, timeout, description, call));
                    }
                    try {
                        return CompletableFuture.completedFuture(answer(response.body(), call));
                    } catch (KvStoreException e) {
                        if (e.kind() == Kind.UNAUTHORIZED && mayRenewToken && username.isPresent()
                                && e.getMessage().contains(GatewayErrors.INVALID_TOKEN)) {
                            tokenRefused();
                            return attempt(path, body, deadline, timeout, call, triesLeft, false);
                        }
                        if (e.kind() == Kind.UNAVAILABLE) {
                            moveOn(endpoint);
                        }
                        return CompletableFuture.<JsonNode>failedFuture(e);
                    }
                })
                .thenCompose(Function.identity());
    }

    private CompletableFuture<HttpResponse<Void>> streamAttempt(String path, ObjectNode body, List<String> headers,
            Duration timeout, String call, Function<URI, BodyHandler<Void>> handler, int triesLeft) {
        URI endpoint = endpoint();
        return authenticated(timeout, call)
                .thenCompose(auth -> client.sendAsync(request(endpoint, path, body, timeout, auth, headers),
                        handler.apply(endpoint)))
                .handle((response, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(response);
                    }
                    Throwable cause = GatewayErrors.unwrap(failure);
                    moveOnAfter(cause, endpoint);
                    if (GatewayErrors.notSent(cause) && triesLeft > 1) {
                        return streamAttempt(path, body, headers, timeout, call, handler, triesLeft - 1);
                    }
                    return CompletableFuture.<HttpResponse<Void>>failedFuture(cause);
                })
                .thenCompose(Function.identity());
    }

    private void moveOnAfter(Throwable cause, URI endpoint) {
        if (GatewayErrors.notSent(cause) || cause instanceof HttpTimeoutException) {
            moveOn(endpoint);
        }
    }

    /** The token to send, authenticating first when credentials are set and no token is held. */
    private CompletableFuture<Optional<String>> authenticated(Duration timeout, String call) {
        if (username.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<String> held = token.get();
        if (held.isPresent()) {
            return CompletableFuture.completedFuture(held);
        }
        ObjectNode credentials = JSON.createObjectNode().put("name", username.get()).put("password", password.get());
        URI endpoint = endpoint();
        return client.sendAsync(request(endpoint, "v3/auth/authenticate", credentials, timeout, Optional.empty(),
                        List.of()), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        moveOnAfter(GatewayErrors.unwrap(failure), endpoint);
                        throw GatewayErrors.fromFailure(failure, timeout, description,
                                call + ": authenticate as \"" + username.get() + "\"");
                    }
                    JsonNode answer = answer(response.body(), call + ": authenticate as \"" + username.get() + "\"");
                    Optional<String> issued = Optional.of(answer.path("token").asText());
                    token.set(issued);
                    return issued;
                });
    }

    private HttpRequest request(URI endpoint, String path, ObjectNode body, Duration timeout, Optional<String> auth,
            List<String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        auth.ifPresent(value -> builder.header("Authorization", value));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        return builder.build();
    }

    private JsonNode answer(byte[] body, String call) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new KvStoreException(Kind.INTERNAL, description + ": " + call + ": unreadable answer ("
                    + e.getMessage() + ")", e);
        }
        if (answer == null || !answer.isObject()) {
            throw new KvStoreException(Kind.INTERNAL, description + ": " + call + ": answer is not a JSON object");
        }
        Optional<KvStoreException> error = GatewayErrors.fromAnswer(answer, description, call);
        if (error.isPresent()) {
            throw error.get();
        }
        return answer;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
