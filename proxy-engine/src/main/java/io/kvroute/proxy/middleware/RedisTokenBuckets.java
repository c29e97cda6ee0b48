package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import com.google.common.io.Resources;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rateLimit's token buckets kept in one Redis server, so every proxy using that Redis shares each limit: a Lua script
 * ({@code token-bucket.lua}) takes or reserves a token atomically in Redis with the semantics of {@link TokenBucket}
 * and Traefik's hash fields and units. Asynchronous all the way (Lettuce on Netty): nothing here blocks the caller's
 * thread; the answer completes a future on a Lettuce thread.
 *
 * <p>One instance, with one multiplexed connection, per distinct {@link RedisStoreSettings} for the process's life
 * ({@link #of}): the chains rebuilt on every configuration change reuse it rather than opening connections they could
 * not close. The connection is opened at the first request, and again at the request after it could not be opened or
 * was found closed (as Traefik's client dials per request when its pool has no good connection); a command that
 * failed because its connection was closed is sent once more on a new one; nothing is retried in the background. A
 * failed command, connect or TLS handshake, or an unreadable answer, fails the future (Traefik answers 500 then: fail
 * closed); the change between usable and not is logged once per change, not per request.
 */
final class RedisTokenBuckets {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTokenBuckets.class);
    private static final ConcurrentMap<RedisStoreSettings, RedisTokenBuckets> SHARED = new ConcurrentHashMap<>();
    private static final String SCRIPT = script();
    private static final String SCRIPT_SHA1 = DigestUtils.sha1Hex(SCRIPT);

    private final RedisStoreSettings settings;
    private final RedisClient client;
    private final RedisURI uri;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    private RedisTokenBuckets(RedisStoreSettings settings) {
        this.settings = settings;
        RedisURI.Builder uri = RedisURI.builder().withHost(settings.endpoint().getHost())
                .withPort(settings.endpoint().getPort()).withDatabase(settings.db());
        if (!settings.username().isEmpty()) {
            uri.withAuthentication(settings.username(), settings.password());
        } else if (!settings.password().isEmpty()) {
            uri.withPassword(settings.password());
        }
        settings.commandTimeout().ifPresent(uri::withTimeout);
        settings.tls().ifPresent(tls -> uri.withSsl(true).withVerifyPeer(tls.verifyMode()));
        this.uri = uri.build();
        this.client = RedisClient.create(LettuceThreads.SHARED, this.uri);
        ClientOptions.Builder options = ClientOptions.builder();
        settings.tls().ifPresent(tls -> options.sslOptions(tls.options()));
        client.setOptions(options
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.dialTimeout()).build())
                .timeoutOptions(settings.commandTimeout().map(TimeoutOptions::enabled)
                        .orElseGet(TimeoutOptions::create))
                .build());
    }

    /** The buckets kept in the Redis of {@code settings}, shared by every middleware with the same settings. */
    static RedisTokenBuckets of(RedisStoreSettings settings) {
        return SHARED.computeIfAbsent(requireNonNull(settings, "settings"), RedisTokenBuckets::new);
    }

    /**
     * Takes one token of bucket {@code key} now, or reserves one within {@code limits}' longest wait: completes with
     * the wait in nanoseconds (0: the token was there; more than the longest wait: refused, nothing taken), or
     * exceptionally when Redis cannot be asked or answers something else.
     */
    CompletableFuture<Long> reserve(String key, RateLimitHandler.Limits limits) {
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
     * perhaps while it was idle), once more on a new one, as go-redis takes another connection from its pool.
     */
    private CompletableFuture<Long> attempt(String key, String[] arguments, boolean mayRetry) {
        CompletableFuture<StatefulRedisConnection<String, String>> used = connection();
        return used.thenCompose(open -> evaluate(open.async(), key, arguments))
                .thenApply(RedisTokenBuckets::waitNanos)
                .exceptionallyCompose(failure -> discardIfLost(used) && mayRetry
                        ? attempt(key, arguments, false)
                        : CompletableFuture.failedFuture(failure));
    }

    /**
     * The connection (being opened, or open), or a new one when there is none or it was closed: none at first and
     * none after it could not be opened ({@link #discardIfLost}); a connection whose server went away is not
     * reopened by Lettuce ({@code autoReconnect} off) and rejects every command.
     */
    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && !(lost(current) && connection.compareAndSet(current, null))) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> fresh = new CompletableFuture<>();
        if (!connection.compareAndSet(null, fresh)) {
            return connection();
        }
        try {
            client.connectAsync(StringCodec.UTF8, uri).whenComplete((open, failure) -> {
                if (failure != null) {
                    fresh.completeExceptionally(failure);
                } else {
                    fresh.complete(open);
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
    private boolean discardIfLost(CompletableFuture<StatefulRedisConnection<String, String>> used) {
        if (used.isCompletedExceptionally()) {
            connection.compareAndSet(used, null);
            return false;
        }
        if (lost(used)) {
            if (connection.compareAndSet(used, null)) {
                used.join().closeAsync();
            }
            return true;
        }
        return false;
    }

    /** Whether {@code opened} is a connection that was opened and is closed now. */
    private static boolean lost(CompletableFuture<StatefulRedisConnection<String, String>> opened) {
        return opened.isDone() && !opened.isCompletedExceptionally() && !opened.join().isOpen();
    }

    /** The script by its SHA-1; sent whole when this Redis does not have it yet ({@code NOSCRIPT}). */
    private static CompletableFuture<List<Object>> evaluate(RedisAsyncCommands<String, String> redis, String key,
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

    private void noteState(Throwable failure) {
        if (failure != null && reachable.compareAndSet(true, false)) {
            LOG.warn("rateLimit's Redis at {}{} cannot be used: {}; its rate-limited routers answer 500 until it "
                    + "answers", settings.endpoint(), settings.tls().isPresent() ? " (TLS)" : "", reason(failure));
        } else if (failure == null && reachable.compareAndSet(false, true)) {
            LOG.info("rateLimit's Redis at {}{} answers again; its limits apply", settings.endpoint(),
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

    /** Lettuce's threads, shared by every Redis store, made at the first one; no command latency recording. */
    private static final class LettuceThreads {
        static final ClientResources SHARED = DefaultClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();

        private LettuceThreads() {
        }
    }
}
