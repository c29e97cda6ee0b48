package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code inFlightReq}: at most {@code amount} requests of one source ({@link SourceCriterion}, the request
 * host by default) in progress at once, from the moment this handler takes a request until its response is
 * complete. One more is answered 429 {@code max connections reached: <amount>} (Traefik's text) and counted
 * {@code rejected}; {@code amount} 0 refuses every request, as in Traefik. Only sources with a request in progress
 * are kept.
 */
final class InFlightRequestsHandler implements HttpHandler {
    private final long amount;
    private final SourceCriterion criterion;
    private final LongAdder rejected;
    private final HttpHandler next;
    @GuardedBy("this")
    private final Map<String, Long> inFlight = new HashMap<>();

    InFlightRequestsHandler(long amount, SourceCriterion criterion, LongAdder rejected, HttpHandler next) {
        this.amount = amount;
        this.criterion = requireNonNull(criterion, "criterion");
        this.rejected = requireNonNull(rejected, "rejected");
        this.next = requireNonNull(next, "next");
    }

    /**
     * Reads {@code amount} and {@code sourceCriterion}.
     *
     * @throws MiddlewareException when amount is negative or the criterion is invalid
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        long amount = settings.integer("amount").orElse(0);
        if (amount < 0) {
            throw settings.invalid("amount", "0 or more simultaneous requests");
        }
        SourceCriterion criterion = SourceCriterion.read(settings.section("sourceCriterion"), SourceCriterion.HOST);
        settings.requireAllRead();
        LongAdder rejected = context.counter(middleware.name(), "rejected");
        return next -> new InFlightRequestsHandler(amount, criterion, rejected, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String source = criterion.sourceOf(exchange);
        if (!acquire(source)) {
            rejected.increment();
            StatusAnswer.send(exchange, StatusCodes.TOO_MANY_REQUESTS, "max connections reached: " + amount);
            return;
        }
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            release(source);
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }

    private synchronized boolean acquire(String source) {
        long current = inFlight.getOrDefault(source, 0L);
        if (current >= amount) {
            return false;
        }
        inFlight.put(source, current + 1);
        return true;
    }

    private synchronized void release(String source) {
        inFlight.computeIfPresent(source, (key, count) -> count == 1 ? null : count - 1);
    }
}
