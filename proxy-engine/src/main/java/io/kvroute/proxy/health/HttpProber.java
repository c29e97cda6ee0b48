package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HealthCheck;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one probe with the JDK's asynchronous {@link HttpClient} on the given executor and turns whatever happens
 * into a {@link ProbeResult}; the returned future never fails. Two clients share the executor: one follows
 * redirects, one does not ({@code followRedirects} is a per-client setting in the JDK).
 *
 * <p>The JDK client refuses a {@code Host} header unless {@code jdk.httpclient.allowRestrictedHeaders} names it
 * when its classes load; loading this class sets the property to {@code host} if it is unset. If another component
 * loaded the client first, probes of specs with a hostname fail with a message saying so.
 */
final class HttpProber {
    private static final String RESTRICTED_HEADERS_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";
    /** Added to the spec's timeout for the backstop that also covers connection setup. */
    private static final Duration BACKSTOP_SLACK = Duration.ofMillis(50);

    static {
        if (System.getProperty(RESTRICTED_HEADERS_PROPERTY) == null) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, "host");
        }
    }

    private final HttpClient following;
    private final HttpClient notFollowing;
    private final Clock clock;

    HttpProber(Executor executor, Clock clock) {
        requireNonNull(executor, "executor");
        this.clock = requireNonNull(clock, "clock");
        this.following = client(executor, HttpClient.Redirect.NORMAL);
        this.notFollowing = client(executor, HttpClient.Redirect.NEVER);
    }

    CompletableFuture<ProbeResult> probe(String url, HealthCheck spec) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        HttpRequest request;
        try {
            request = ProbeRequests.request(url, spec);
        } catch (IllegalArgumentException unsendable) {
            return CompletableFuture.completedFuture(
                    ProbeResult.failed(at, OptionalInt.empty(), unsendable.getMessage(), Duration.ZERO));
        }
        HttpClient client = spec.effectiveFollowRedirects() ? following : notFollowing;
        Duration backstop = spec.effectiveTimeout().plus(BACKSTOP_SLACK);
        CompletableFuture<HttpResponse<Void>> exchange;
        try {
            exchange = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException refused) {
            exchange = CompletableFuture.failedFuture(refused);
        }
        return exchange.orTimeout(backstop.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - started);
                    if (failure != null) {
                        return ProbeResult.failed(at, OptionalInt.empty(), describe(failure, spec), latency);
                    }
                    int status = response.statusCode();
                    if (ProbeRequests.passes(spec, status)) {
                        return ProbeResult.passed(at, status, latency);
                    }
                    return ProbeResult.failed(at, OptionalInt.of(status),
                            "status " + status + " (expected: " + ProbeRequests.expectation(spec) + ")", latency);
                });
    }

    /** Error text for a failed exchange: {@code connect refused}, {@code timeout after 200ms}, ... */
    static String describe(Throwable failure, HealthCheck spec) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timeout after " + ProbeRequests.timeoutText(spec);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "timeout after " + ProbeRequests.timeoutText(spec);
        }
        if (cause instanceof ConnectException) {
            String reason = cause.getMessage();
            return reason == null || reason.isEmpty() || reason.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connect refused" : "connect failed: " + reason;
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static HttpClient client(Executor executor, HttpClient.Redirect redirect) {
        return HttpClient.newBuilder()
                .executor(executor)
                .followRedirects(redirect)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }
}
