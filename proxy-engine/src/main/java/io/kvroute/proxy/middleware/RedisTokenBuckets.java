package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import com.google.common.io.Resources;
import com.google.common.net.HostAndPort;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rateLimit's token buckets kept in one Redis server or Redis Cluster, so every proxy using that Redis shares each
 * limit: a Lua script ({@code token-bucket.lua}) takes or reserves a token atomically in Redis with the semantics of
 * {@link TokenBucket} and Traefik's hash fields and units. The script touches one key, the bucket, so a cluster runs
 * it on the node of that key's slot (Lettuce routes {@code EVALSHA} by its first key, as go-redis does). Asynchronous
 * all the way (Lettuce on Netty): nothing here blocks the caller's thread; the answer completes a future on a Lettuce
 * thread.
 *
 * <p>One instance, with one multiplexed connection (one per node of a cluster), per distinct
 * {@link RedisStoreSettings}, kept by {@link RedisStores} while a served chain uses it and closed after. The connection
 * is opened at the first request, and again at the request after it could not be opened or was found closed (as
 * Traefik's client dials per request when its pool has no good connection); a command that failed because its
 * connection was closed is sent once more on a new one. A cluster client learns the cluster's nodes and slots from
 * the endpoints when it connects and again when a node answers {@code MOVED} or cannot be reached, as go-redis
 * reloads its cluster state; it connects to every node before the first command, and reopens a node's lost
 * connection in the background while the commands for that node's slots fail at once (go-redis's dial to a node
 * that is away fails as fast). A failed command, connect or TLS handshake, or an unreadable answer, fails the future
 * (Traefik answers 500 then: fail closed); the change between usable and not is logged once per change, not per
 * request.
 */
final class RedisTokenBuckets {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTokenBuckets.class);
    /** The longest wait between two attempts to reopen a cluster node's lost connection. */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(1);
    private static final String SCRIPT = script();
    private static final String SCRIPT_SHA1 = DigestUtils.sha1Hex(SCRIPT);

    private final RedisStoreSettings settings;
    private final AbstractRedisClient client;
    private final Supplier<CompletionStage<Connection>> dial;
    private final AtomicReference<CompletableFuture<Connection>> connection = new AtomicReference<>();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    /** Set once {@link RedisStores} closed this instance: a chain still holding it asks for the current one. */
    private volatile boolean closed;

    /**
     * An open connection, to the server or to the cluster, and its commands; a cluster's reopens its nodes'
     * connections itself, so it is never found lost, only closed with the store.
     */
    private record Connection(StatefulConnection<String, String> stateful,
            RedisScriptingAsyncCommands<String, String> commands, boolean reopensItself) {
        boolean lost() {
            return !reopensItself && !stateful.isOpen();
        }
    }

    /** The buckets kept in the Redis of {@code settings}; connects at the first request. */
    RedisTokenBuckets(RedisStoreSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        List<RedisURI> uris = settings.endpoints().stream().map(endpoint -> uri(settings, endpoint)).toList();
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.dialTimeout()).build();
        TimeoutOptions timeout = settings.commandTimeout().map(TimeoutOptions::enabled)
                .orElseGet(TimeoutOptions::create);
        Optional<SslOptions> ssl = settings.tls().map(RedisTls::options);
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(LettuceThreads.SHARED, uris);
            ClusterClientOptions.Builder options = ClusterClientOptions.builder();
            ssl.ifPresent(options::sslOptions);
            cluster.setOptions(options
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeout)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().build())
                    .build());
            this.client = cluster;
            this.dial = () -> cluster.refreshPartitionsAsync()
                    .thenCompose(nodes -> cluster.connectAsync(StringCodec.UTF8))
                    .thenCompose(RedisTokenBuckets::withNodesConnected)
                    .thenApply(open -> new Connection(open, open.async(), true));
        } else {
            RedisClient single = RedisClient.create(LettuceThreads.SHARED, uris.get(0));
            ClientOptions.Builder options = ClientOptions.builder();
            ssl.ifPresent(options::sslOptions);
            single.setOptions(options
                    .autoReconnect(false)
                    .socketOptions(socket)
                    .timeoutOptions(timeout)
                    .build());
            this.client = single;
            this.dial = () -> single.connectAsync(StringCodec.UTF8, uris.get(0))
                    .thenApply(open -> new Connection(open, open.async(), false));
        }
    }

    /**
     * The cluster connection once its connection to each node it knows is open or could not be opened: Lettuce opens
     * them lazily and rejects ({@code REJECT_COMMANDS}) a command whose node's connection is not open yet, as it
     * rejects one while the connection to a node that went away is being reopened.
     */
    private static CompletionStage<StatefulRedisClusterConnection<String, String>> withNodesConnected(
            StatefulRedisClusterConnection<String, String> cluster) {
        CompletableFuture<?>[] nodes = cluster.getPartitions().stream()
                .map(node -> cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                        .handle((open, failure) -> open))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(nodes).thenApply(connected -> cluster);
    }

    /** The URI of one endpoint: {@code db} only for a single server (a cluster has database 0 only). */
    private static RedisURI uri(RedisStoreSettings settings, HostAndPort endpoint) {
        RedisURI.Builder uri = RedisURI.builder().withHost(endpoint.getHost()).withPort(endpoint.getPort());
        if (!settings.cluster()) {
            uri.withDatabase(settings.db());
        }
        if (!settings.username().isEmpty()) {
            uri.withAuthentication(settings.username(), settings.password());
        } else if (!settings.password().isEmpty()) {
            uri.withPassword(settings.password());
        }
        settings.commandTimeout().ifPresent(uri::withTimeout);
        settings.tls().ifPresent(tls -> uri.withSsl(true).withVerifyPeer(tls.verifyMode()));
        return uri.build();
    }

    RedisStoreSettings settings() {
        return settings;
    }

    /**
     * Takes one token of bucket {@code key} now, or reserves one within {@code limits}' longest wait: completes with
     * the wait in nanoseconds (0: the token was there; more than the longest wait: refused, nothing taken), or
     * exceptionally when Redis cannot be asked or answers something else.
     */
    CompletableFuture<Long> reserve(String key, RateLimitHandler.Limits limits) {
        if (closed) {
            return RedisStores.acquire(settings).reserve(key, limits);
        }
        String[] arguments = {
            BigDecimal.valueOf(limits.rate() / 1e6).toPlainString(),
            Integer.toString(limits.burst()),
            Long.toString(limits.idleTtl().toSeconds()),
            Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now())),
            Long.toString(limits.maxWait().toNanos() / 1_000)};
        CompletableFuture<Long> wait = attempt(key, arguments, true);
        wait.whenComplete((nanos, failure) -> noteState(failure));
        return wait;
    }

    /**
     * Runs the script on the connection; when that connection turns out lost (Redis or something between closed it,
     * perhaps while it was idle), once more on a new one, as go-redis takes another connection from its pool. Once
     * this instance is closed, on the current store for these settings: a closed client dials nothing.
     */
    private CompletableFuture<Long> attempt(String key, String[] arguments, boolean mayRetry) {
        CompletableFuture<Connection> used = closed ? null : connection();
        if (used == null) {
            return RedisStores.acquire(settings).attempt(key, arguments, mayRetry);
        }
        return used.thenCompose(open -> evaluate(open.commands(), key, arguments))
                .thenApply(RedisTokenBuckets::waitNanos)
                .exceptionallyCompose(failure -> (discardIfLost(used) || closed) && mayRetry
                        ? attempt(key, arguments, false)
                        : CompletableFuture.failedFuture(failure));
    }

    /**
     * The connection (being opened, or open), or a new one when there is none or it was closed: none at first and
     * none after it could not be opened ({@link #discardIfLost}); a connection whose server went away is not
     * reopened by Lettuce ({@code autoReconnect} off) and rejects every command. Null when this instance was closed
     * before a new one was dialed.
     */
    private CompletableFuture<Connection> connection() {
        CompletableFuture<Connection> current = connection.get();
        if (current != null && !(lost(current) && connection.compareAndSet(current, null))) {
            return current;
        }
        CompletableFuture<Connection> fresh = new CompletableFuture<>();
        if (!connection.compareAndSet(null, fresh)) {
            return connection();
        }
        if (closed) {
            connection.compareAndSet(fresh, null);
            return null;
        }
        try {
            dial.get().whenComplete((open, failure) -> {
                if (failure != null) {
                    fresh.completeExceptionally(failure);
                } else if (!fresh.complete(open)) {
                    open.stateful().closeAsync();
                }
            });
        } catch (RuntimeException refused) {
            fresh.completeExceptionally(refused);
        }
        return fresh;
    }

    /**
     * After a command failed on {@code used}: forgets it when it is no longer usable (it could not be opened, or it
     * was closed), and says whether it had been open, so that the command may be sent once more on a new one. A
     * command that failed on a connection still open (a timeout, an error answer) leaves the connection to the
     * other commands multiplexed on it.
     */
    private boolean discardIfLost(CompletableFuture<Connection> used) {
        if (used.isCompletedExceptionally()) {
            connection.compareAndSet(used, null);
            return false;
        }
        if (lost(used)) {
            if (connection.compareAndSet(used, null)) {
                used.join().stateful().closeAsync();
            }
            return true;
        }
        return false;
    }

    /** Whether {@code opened} is a connection that was opened and is lost now ({@link Connection#lost()}). */
    private static boolean lost(CompletableFuture<Connection> opened) {
        return opened.isDone() && !opened.isCompletedExceptionally() && opened.join().lost();
    }

    /** The script by its SHA-1; sent whole when this Redis does not have it yet ({@code NOSCRIPT}). */
    private static CompletableFuture<List<Object>> evaluate(RedisScriptingAsyncCommands<String, String> redis, String key,
            String[] arguments) {
        String[] keys = {key};
        CompletableFuture<List<Object>> cached = redis.<List<Object>>evalsha(SCRIPT_SHA1, ScriptOutputType.MULTI,
                keys, arguments).toCompletableFuture();
        return cached.exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                ? redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, arguments).toCompletableFuture()
                : CompletableFuture.failedFuture(failure));
    }

    /** The script's {@code {"true", wait in microseconds, tokens left}} as the wait in nanoseconds. */
    private static long waitNanos(List<Object> answer) {
        if (answer.size() != 3 || !"true".equals(answer.get(0)) || !(answer.get(1) instanceof String micros)) {
            throw new IllegalStateException("the token bucket script answered " + answer
                    + " (expected: [true, wait in microseconds, tokens left])");
        }
        try {
            return (long) (Double.parseDouble(micros) * 1_000);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the token bucket script answered the wait \"" + micros
                    + "\" (expected: a number of microseconds)", e);
        }
    }

    /**
     * Closes the connection and the client, once no served chain uses them ({@link RedisStores}); a request of a chain
     * that still holds this instance goes to the current one for these settings, also one waiting for a connection
     * still being opened: that wait ends now (Lettuce may never complete a dial its client was shut down in), and the
     * connection is closed once it is open.
     */
    void close() {
        closed = true;
        CompletableFuture<Connection> open = connection.getAndSet(null);
        if (open != null) {
            open.thenAccept(opened -> opened.stateful().closeAsync());
            open.completeExceptionally(new IllegalStateException("the store was closed while its connection was "
                    + "being opened"));
        }
        client.shutdownAsync(0, 2, TimeUnit.SECONDS);
        LOG.info("rateLimit's Redis at {}{}: no served middleware uses it any more; its connection is closed",
                settings.shownEndpoints(), settings.tls().isPresent() ? " (TLS)" : "");
    }

    private void noteState(Throwable failure) {
        if (failure != null && reachable.compareAndSet(true, false)) {
            LOG.warn("rateLimit's Redis at {}{} cannot be used: {}; its rate-limited routers answer 500 until it "
                    + "answers", settings.shownEndpoints(), settings.tls().isPresent() ? " (TLS)" : "", reason(failure));
        } else if (failure == null && reachable.compareAndSet(false, true)) {
            LOG.info("rateLimit's Redis at {}{} answers again; its limits apply", settings.shownEndpoints(),
                    settings.tls().isPresent() ? " (TLS)" : "");
        }
    }

    /** The failure's message, and its root cause's when that says more (a TLS handshake's, under a connect's). */
    private static String reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        Throwable root = Throwables.getRootCause(cause);
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return root == cause ? reason : reason + " (" + root + ")";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String script() {
        try {
            return Resources.toString(Resources.getResource(RedisTokenBuckets.class, "token-bucket.lua"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("token-bucket.lua is missing from the jar", e);
        }
    }

    /**
     * Lettuce's threads, shared by every Redis store, made at the first one; no command latency recording. A cluster
     * node's connection that was lost is reopened in the background (the single server's is not: it is reopened by
     * the next request) at most {@link #RECONNECT_DELAY_MAX} apart, so a node that is back serves within that.
     */
    static final class LettuceThreads {
        static final ClientResources SHARED = DefaultClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();

        private LettuceThreads() {
        }
    }
}
