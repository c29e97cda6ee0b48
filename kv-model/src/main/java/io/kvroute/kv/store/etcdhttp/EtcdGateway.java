package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * etcd's JSON gateway over the JDK's {@link HttpURLConnection} (which keeps connections alive between calls and loads
 * no TLS classes for plain HTTP) and, for watches, {@link WatchStreams}: one POST per call to the member the client
 * currently uses, moving to the next member (as the jetcd adapter's {@code EtcdMembers} does) when a member refuses
 * the connection (the call then tries the next one within its deadline), leaves a call unanswered past its deadline,
 * or answers {@code UNAVAILABLE}. With credentials, every request carries the token of {@code /v3/auth/authenticate} in its
 * {@code Authorization} header; a token etcd calls invalid is renewed and the request sent once more.
 *
 * <p>The JDK's {@code java.net.http.HttpClient} was the first choice and measured too heavy for the agent: it
 * initialises TLS even for plain HTTP and costs about 14 MiB resident before its first request.
 */
final class EtcdGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Threads that run asynchronous calls (lease keep-alives, member probes); each waits for one answer at most. */
    private static final int THREADS = 2;

    private final List<URI> endpoints;
    private final String description;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<SSLSocketFactory> tls;
    private final WatchStreams streams;
    private final ExecutorService calls;
    /**
     * The member calls go to, first one picked at random, as {@code EtcdMembers} picks it: a fleet of agents spreads
     * its watch streams and keep-alives over the members instead of all moving at once when the first one hangs.
     */
    private final AtomicInteger current;
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
        this.endpoints = settings.etcdMemberUrls().stream().map(url -> URI.create(url + "/")).toList();
        this.current = new AtomicInteger(endpoints.size() < 2 ? 0 : ThreadLocalRandom.current().nextInt(endpoints.size()));
        this.description = "etcd " + String.join(",", endpoints.stream()
                .map(member -> member.toString().substring(0, member.toString().length() - 1)).toList());
        this.username = settings.username();
        this.password = settings.password();
        this.tls = GatewayTls.context(settings).map(SSLContext::getSocketFactory);
        this.streams = new WatchStreams(tls);
        this.calls = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "kvroute-etcd-calls");
            thread.setDaemon(true);
            return thread;
        });
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
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean mayRenewToken = true;
        int triesLeft = endpoints.size();
        while (true) {
            URI endpoint = endpoint();
            try {
                return exchange(endpoint, path, body, remaining(deadline, timeout, call), call);
            } catch (KvStoreException e) {
                if (e.kind() == Kind.UNAUTHORIZED && mayRenewToken && username.isPresent()
                        && e.getMessage().contains(GatewayErrors.INVALID_TOKEN)) {
                    tokenRefused();
                    mayRenewToken = false;
                    continue;
                }
                if (e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.TIMEOUT) {
                    moveOn(endpoint);
                }
                if (GatewayErrors.notSent(e.getCause()) && --triesLeft > 0) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** Calls {@code path} on another thread; the future fails with a {@link KvStoreException}. */
    CompletableFuture<JsonNode> post(String path, ObjectNode body, Duration timeout, String call) {
        return CompletableFuture.supplyAsync(() -> call(path, body, timeout, call), calls);
    }

    /** One short call to {@code endpoint} only, on another thread, to learn whether that member still answers. */
    CompletableFuture<JsonNode> probe(URI endpoint, Duration timeout, String call) {
        return CompletableFuture.supplyAsync(() -> exchange(endpoint, "v3/maintenance/status",
                JSON.createObjectNode(), timeout, call), calls);
    }

    /**
     * Opens a streamed call ({@code /v3/watch}) with extra headers (name, value, ...) on the current member, or the
     * next ones while members refuse the connection; {@code connected} learns the member each try goes to.
     */
    WatchStreams.Handle stream(String path, ObjectNode body, List<String> headers, Duration timeout, String call,
            Consumer<URI> connected, WatchStreams.Listener listener) {
        AtomicReference<WatchStreams.Handle> handle = new AtomicReference<>();
        openStream(path, body, headers, timeout, call, connected, listener, endpoints.size(), handle);
        return () -> handle.get().close();
    }

    private void openStream(String path, ObjectNode body, List<String> headers, Duration timeout, String call,
            Consumer<URI> connected, WatchStreams.Listener listener, int triesLeft,
            AtomicReference<WatchStreams.Handle> handle) {
        URI endpoint = endpoint();
        Optional<String> auth = authenticated(timeout, call);
        StringBuilder head = new StringBuilder("POST ").append(endpoint.resolve(path).getRawPath())
                .append(" HTTP/1.1\r\nHost: ").append(endpoint.getHost()).append(':').append(endpoint.getPort())
                .append("\r\nContent-Type: application/json\r\n");
        byte[] json = bytes(body);
        head.append("Content-Length: ").append(json.length).append("\r\n");
        auth.ifPresent(value -> head.append("Authorization: ").append(value).append("\r\n"));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + json.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(json, 0, request, headBytes.length, json.length);
        connected.accept(endpoint);
        handle.set(streams.open(endpoint, request, timeout, new WatchStreams.Listener() {
            @Override
            public void line(String line) {
                listener.line(line);
            }

            @Override
            public void failed(Exception failure) {
                if (GatewayErrors.notSent(failure) || failure instanceof SocketTimeoutException) {
                    moveOn(endpoint);
                }
                if (GatewayErrors.notSent(failure) && triesLeft > 1) {
                    try {
                        openStream(path, body, headers, timeout, call, connected, listener, triesLeft - 1, handle);
                    } catch (KvStoreException e) {
                        listener.failed(e);
                    }
                    return;
                }
                listener.failed(failure);
            }

            @Override
            public void ended() {
                listener.ended();
            }
        }));
    }

    /** Moves on from the member at {@code from} (unless another call did already). */
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

    /** Stops the watch streams' reader and the threads of asynchronous calls. */
    @Override
    public void close() {
        streams.close();
        calls.shutdownNow();
    }

    private Duration remaining(long deadline, Duration timeout, String call) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw GatewayErrors.fromFailure(new SocketTimeoutException("deadline passed"), timeout, description, call);
        }
        return Duration.ofNanos(left);
    }

    /** One POST to {@code endpoint}, waiting at most {@code timeout}. */
    private JsonNode exchange(URI endpoint, String path, ObjectNode body, Duration timeout, String call) {
        Optional<String> auth = path.equals("v3/auth/authenticate") ? Optional.empty() : authenticated(timeout, call);
        byte[] json = bytes(body);
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        } catch (IOException e) {
            throw GatewayErrors.fromFailure(e, timeout, description, call);
        }
        try {
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.orElseThrow());
            }
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(json.length);
            connection.setRequestProperty("Content-Type", "application/json");
            auth.ifPresent(value -> connection.setRequestProperty("Authorization", value));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json);
            }
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_UNAUTHORIZED) {
                // The gateway's status for gRPC's UNAUTHENTICATED, which etcd answers only to a token it does not
                // know; HttpURLConnection drops the body of a 401 to a streamed request.
                connection.disconnect();
                throw new KvStoreException(Kind.UNAUTHORIZED, description + ": " + call + ": HTTP 401: "
                        + GatewayErrors.INVALID_TOKEN);
            }
            byte[] answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            return answer(answer, status, call);
        } catch (IOException e) {
            connection.disconnect();
            throw GatewayErrors.fromFailure(e, timeout, description, call);
        }
    }

    /** The token to send, authenticating first when credentials are set and no token is held. */
    private Optional<String> authenticated(Duration timeout, String call) {
        if (username.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> held = token.get();
        if (held.isPresent()) {
            return held;
        }
        ObjectNode credentials = JSON.createObjectNode().put("name", username.get()).put("password", password.get());
        URI endpoint = endpoint();
        try {
            JsonNode answer = exchange(endpoint, "v3/auth/authenticate", credentials, timeout,
                    call + ": authenticate as \"" + username.get() + "\"");
            Optional<String> issued = Optional.of(answer.path("token").asText());
            token.set(issued);
            return issued;
        } catch (KvStoreException e) {
            if (e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.TIMEOUT) {
                moveOn(endpoint);
            }
            throw e;
        }
    }

    private JsonNode answer(byte[] body, int status, String call) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new KvStoreException(Kind.INTERNAL, description + ": " + call + ": unreadable answer (HTTP " + status
                    + ": " + e.getMessage() + ")", e);
        }
        if (answer == null || !answer.isObject()) {
            throw new KvStoreException(Kind.INTERNAL, description + ": " + call + ": answer (HTTP " + status
                    + ") is not a JSON object");
        }
        Optional<KvStoreException> error = GatewayErrors.fromAnswer(answer, description, call);
        if (error.isPresent()) {
            throw error.get();
        }
        if (status != 200) {
            throw new KvStoreException(Kind.INTERNAL, description + ": " + call + ": HTTP " + status);
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
