package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code rateLimit}: a {@link TokenBucket} per source ({@link SourceCriterion}, the peer address by
 * default) filling at {@code average / period} requests a second up to {@code burst}. A request whose token comes
 * within the longest wait ({@code 1 / (2 * rate)}, 500 ms below one request a second) waits for it, off the I/O
 * thread's stack, then goes on; a later one is answered 429 with {@code Retry-After} (the wait rounded up to whole
 * seconds) and {@code X-Retry-In} (the wait in Go's notation), and counted {@code rateLimited}. {@code average} 0
 * means no limit. As Traefik, at most 65,536 sources are kept, each forgotten after it has been idle for 2 s (at
 * least a request a second) or {@code 1 + 1 / rate} s.
 *
 * <p>With {@code redis} ({@link RedisStoreSettings}) the buckets are kept in Redis instead ({@link RedisTokenBuckets}),
 * under Traefik's keys {@code rate:<middleware>@<provider>:<source>}, so every proxy using that Redis, kvroute or
 * Traefik, shares the limit, with the same waits and answers. The exchange is dispatched while Redis answers and resumed on its I/O thread; when Redis cannot be asked
 * the request is answered 500 {@code Could not insert/update bucket}, as Traefik does (fail closed: nothing is
 * forwarded unlimited).
 * {@code average} 0 with {@code redis} answers every request 429 and counts it {@code rateLimited}, as Traefik's code
 * does (its documentation says no limit).
 */
final class RateLimitHandler implements HttpHandler {
    /** The most sources one middleware keeps buckets for (Traefik's {@code maxSources}). */
    static final int MAX_SOURCES = 65_536;
    private static final HttpString RETRY_IN = new HttpString("X-Retry-In");
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    /** Traefik's answer when its Redis cannot be asked (Go's {@code http.Error}, so with a newline in the body). */
    static final String STORE_FAILED = "Could not insert/update bucket";
    /**
     * Traefik's answer to every request when {@code average} is 0 with {@code redis}. Its {@code rate_limiter.go}
     * makes the rate {@code rate.Inf} when average is 0; {@code redisLimiter.evaluateScript} answers
     * {@code (true, nil, nil)} for {@code rate.Inf} without running the script, so {@code Allow} returns a nil delay,
     * and {@code ServeHTTP} answers a nil delay {@code http.Error(rw, "No bursty traffic allowed", 429)}.
     */
    static final String NO_BURSTY_TRAFFIC = "No bursty traffic allowed";
    /** What Traefik puts before the middleware and source in a Redis bucket's key. */
    static final String REDIS_KEY_PREFIX = "rate:";

    private final Limits limits;
    private final long maxWaitNanos;
    private final SourceCriterion criterion;
    private final Ticker ticker;
    private final Cache<String, TokenBucket> buckets;
    private final Optional<RedisTokenBuckets> shared;
    private final String sharedKeyPrefix;
    private final LongAdder rateLimited;
    private final HttpHandler next;

    /** The rate in tokens a second, the bucket size, the longest wait and how long an idle source is kept. */
    record Limits(double rate, int burst, Duration maxWait, Duration idleTtl) {
        /** {@code average} per {@code period} (zero: one second) with {@code burst}, as Traefik derives them. */
        static Limits of(long average, Duration period, long burst) {
            Duration per = period.isZero() ? Duration.ofSeconds(1) : period;
            double rate = average > 0 ? average * 1e9 / per.toNanos() : Double.POSITIVE_INFINITY;
            Duration maxWait = average <= 0 ? Duration.ZERO
                    : rate < 1 ? Duration.ofMillis(500) : Duration.ofNanos(1_000_000_000L / ((long) rate * 2));
            long ttlSeconds = 1 + (rate >= 1 ? 1 : (long) (1 / rate));
            return new Limits(rate, (int) Math.max(1, Math.min(burst, Integer.MAX_VALUE)), maxWait,
                    Duration.ofSeconds(ttlSeconds));
        }

        boolean unlimited() {
            return Double.isInfinite(rate);
        }
    }

    /** Buckets in memory, timed by {@code ticker}. */
    RateLimitHandler(Limits limits, SourceCriterion criterion, Ticker ticker, LongAdder rateLimited,
            HttpHandler next) {
        this(limits, criterion, ticker, rateLimited, Optional.empty(), "", next);
    }

    /**
     * Buckets in {@code shared} Redis under {@code rate:<middleware>:<source>} ({@code middleware} qualified by its
     * provider, as Traefik names it), timed by the clocks of the proxies using it.
     */
    RateLimitHandler(Limits limits, SourceCriterion criterion, RedisTokenBuckets shared, String middleware,
            LongAdder rateLimited, HttpHandler next) {
        this(limits, criterion, Ticker.systemTicker(), rateLimited, Optional.of(shared),
                REDIS_KEY_PREFIX + middleware + ":", next);
    }

    private RateLimitHandler(Limits limits, SourceCriterion criterion, Ticker ticker, LongAdder rateLimited,
            Optional<RedisTokenBuckets> shared, String sharedKeyPrefix, HttpHandler next) {
        this.limits = requireNonNull(limits, "limits");
        this.maxWaitNanos = limits.maxWait().toNanos();
        this.criterion = requireNonNull(criterion, "criterion");
        this.ticker = requireNonNull(ticker, "ticker");
        this.rateLimited = requireNonNull(rateLimited, "rateLimited");
        this.next = requireNonNull(next, "next");
        this.shared = requireNonNull(shared, "shared");
        this.sharedKeyPrefix = requireNonNull(sharedKeyPrefix, "sharedKeyPrefix");
        this.buckets = CacheBuilder.newBuilder().maximumSize(MAX_SOURCES).ticker(ticker)
                .expireAfterAccess(limits.idleTtl()).build();
    }

    /**
     * Reads {@code average}, {@code period}, {@code burst}, {@code sourceCriterion} and {@code redis}.
     *
     * @throws MiddlewareException when average or period is negative, the criterion is invalid, or a {@code redis}
     *     setting is invalid ({@link RedisStoreSettings})
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        long average = settings.integer("average").orElse(0);
        if (average < 0) {
            throw settings.invalid("average", "0 (no limit) or more requests per period");
        }
        Duration period = settings.duration("period").orElse(Duration.ZERO);
        if (period.isNegative()) {
            throw settings.invalid("period", "a duration of 0 (one second) or more");
        }
        long burst = settings.integer("burst").orElse(1);
        SourceCriterion criterion = SourceCriterion.read(settings.section("sourceCriterion"), SourceCriterion.PEER);
        Optional<RedisStoreSettings> redis = settings.section("redis").map(RedisStoreSettings::read);
        settings.requireAllRead();
        Limits limits = Limits.of(average, period, burst);
        LongAdder rateLimited = context.counter(middleware.name(), "rateLimited");
        if (redis.isPresent() && limits.unlimited()) {
            return next -> exchange -> {
                rateLimited.increment();
                httpError(exchange, StatusCodes.TOO_MANY_REQUESTS, NO_BURSTY_TRAFFIC);
            };
        }
        if (redis.isPresent()) {
            RedisTokenBuckets shared = context.redisStore(redis.get());
            String qualified = context.provider().isEmpty() ? middleware.name()
                    : middleware.name() + "@" + context.provider();
            return next -> new RateLimitHandler(limits, criterion, shared, qualified, rateLimited, next);
        }
        return next -> new RateLimitHandler(limits, criterion, Ticker.systemTicker(), rateLimited, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (limits.unlimited()) {
            next.handleRequest(exchange);
            return;
        }
        if (shared.isPresent()) {
            String key = sharedKeyPrefix + criterion.sourceOf(exchange);
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> shared.get().reserve(key, limits)
                    .whenComplete((wait, failure) -> exchange.dispatch(exchange.getIoThread(),
                            (HttpHandler) resumed -> reserved(resumed, wait, failure))));
            return;
        }
        long now = ticker.read();
        TokenBucket bucket = bucket(criterion.sourceOf(exchange), now);
        proceed(exchange, bucket.reserve(now, maxWaitNanos));
    }

    /** Redis's answer for the exchange, back on its I/O thread. */
    private void reserved(HttpServerExchange exchange, Long wait, Throwable failure) throws Exception {
        if (failure != null) {
            httpError(exchange, StatusCodes.INTERNAL_SERVER_ERROR, STORE_FAILED);
            return;
        }
        proceed(exchange, wait);
    }

    /** Answers as Go's {@code http.Error}: {@code message} and a newline, as plain text not to be sniffed. */
    private static void httpError(HttpServerExchange exchange, int status, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(message + "\n");
    }

    /** Refuses (429), forwards, or forwards after {@code wait} nanoseconds, as the token's wait says. */
    private void proceed(HttpServerExchange exchange, long wait) throws Exception {
        if (wait > maxWaitNanos) {
            rateLimited.increment();
            exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString((long) Math.ceil(wait / 1e9)));
            exchange.getResponseHeaders().put(RETRY_IN, GoDuration.format(wait));
            StatusAnswer.send(exchange, StatusCodes.TOO_MANY_REQUESTS, "Too Many Requests");
            return;
        }
        if (wait == 0) {
            next.handleRequest(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                () -> Connectors.executeRootHandler(next, exchange), (wait + 999_999) / 1_000_000,
                TimeUnit.MILLISECONDS));
    }

    /** The source's bucket; a known source's without making a loader for the cache. */
    private TokenBucket bucket(String source, long now) {
        TokenBucket known = buckets.getIfPresent(source);
        if (known != null) {
            return known;
        }
        try {
            return buckets.get(source, () -> new TokenBucket(limits.rate(), limits.burst(), now));
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("making a token bucket cannot fail", impossible);
        }
    }
}
