package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.middleware.circuit.CircuitBreaker;
import io.kvroute.proxy.middleware.circuit.Expression;
import io.kvroute.proxy.middleware.expression.ExpressionException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code circuitBreaker}: a {@link CircuitBreaker} over the requests of this middleware. While it is
 * tripped (and for the requests a recovering breaker holds back) the client gets {@code responseCode} (503 by
 * default) with Go's text for it, counted {@code circuitOpen}; each trip is counted {@code tripped}. A request that
 * passes is measured from this handler to the end of its response. Its network error (oxy counts a 502 or 504 a
 * network error) is a 502, 503 or 504 kvroute answered itself because no server answered ({@link
 * RoutedRequest#failedBeforeAnswer()}: kvroute answers a refused connect 503 where Traefik says 502); a server's own
 * 502 or 504 is not one, where oxy, which sees only status codes, would count it. {@code checkPeriod},
 * {@code fallbackDuration} and {@code recoveryDuration} of 0 or less take oxy's defaults (100 ms, 10 s, 10 s), as in
 * Traefik.
 */
final class CircuitBreakerHandler implements HttpHandler {
    private static final Duration DEFAULT_CHECK_PERIOD = Duration.ofMillis(100);
    private static final Duration DEFAULT_FALLBACK = Duration.ofSeconds(10);
    private static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(10);
    private static final Set<Integer> OWN_FAILURES = Set.of(StatusCodes.BAD_GATEWAY,
            StatusCodes.SERVICE_UNAVAILABLE, StatusCodes.GATEWAY_TIME_OUT);

    private final CircuitBreaker breaker;
    private final int responseCode;
    private final String responseText;
    private final Ticker ticker;
    private final LongAdder circuitOpen;
    private final HttpHandler next;

    CircuitBreakerHandler(CircuitBreaker breaker, int responseCode, Ticker ticker, LongAdder circuitOpen,
            HttpHandler next) {
        this.breaker = requireNonNull(breaker, "breaker");
        this.responseCode = responseCode;
        this.responseText = GoStatusText.of(responseCode).orElse("");
        this.ticker = requireNonNull(ticker, "ticker");
        this.circuitOpen = requireNonNull(circuitOpen, "circuitOpen");
        this.next = requireNonNull(next, "next");
    }

    /**
     * Reads {@code expression}, {@code checkPeriod}, {@code fallbackDuration}, {@code recoveryDuration} and
     * {@code responseCode}; every chain built gets a breaker of its own.
     *
     * @throws MiddlewareException when the expression does not parse (naming its column) or the response code is not
     *     a final HTTP status
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        String text = settings.text("expression").orElse("");
        Expression expression;
        try {
            expression = Expression.parse(text);
        } catch (ExpressionException e) {
            throw settings.invalid("expression", "a condition such as NetworkErrorRatio() > 0.5; " + e.getMessage());
        }
        Duration checkPeriod = positiveOr(settings.duration("checkPeriod").orElse(Duration.ZERO),
                DEFAULT_CHECK_PERIOD);
        Duration fallback = positiveOr(settings.duration("fallbackDuration").orElse(Duration.ZERO),
                DEFAULT_FALLBACK);
        Duration recovery = positiveOr(settings.duration("recoveryDuration").orElse(Duration.ZERO),
                DEFAULT_RECOVERY);
        long responseCode = settings.integer("responseCode").orElse(StatusCodes.SERVICE_UNAVAILABLE);
        if (responseCode < 200 || responseCode > 999) {
            throw settings.invalid("responseCode", "an HTTP status from 200 to 999");
        }
        settings.requireAllRead();
        LongAdder circuitOpen = context.counter(middleware.name(), "circuitOpen");
        LongAdder tripped = context.counter(middleware.name(), "tripped");
        return next -> new CircuitBreakerHandler(new CircuitBreaker(expression, checkPeriod, fallback, recovery,
                Ticker.systemTicker(), tripped::increment), (int) responseCode, Ticker.systemTicker(), circuitOpen,
                next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!breaker.admits()) {
            circuitOpen.increment();
            StatusAnswer.send(exchange, responseCode, responseText);
            return;
        }
        long start = ticker.read();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            int status = done.getStatusCode();
            RoutedRequest routed = RoutedRequest.of(done);
            boolean networkError = OWN_FAILURES.contains(status) && routed != null && routed.failedBeforeAnswer();
            breaker.record(status, networkError, ticker.read() - start);
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }

    private static Duration positiveOr(Duration configured, Duration fallback) {
        return configured.isNegative() || configured.isZero() ? fallback : configured;
    }
}
