package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.ServerKey;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientExchange;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The wait of one attempt for its response headers, from the moment the whole request is on its way (sent, and its
 * body read to the end). Two limits, whichever applies ({@link UpstreamAttempt}):
 * <ul>
 *   <li>the transport's {@code responseHeaderTimeout}: when it passes, the server's timeout is reported and the
 *   request ends;</li>
 *   <li>otherwise kvroute's passive limit: when it passes, the timeout is reported once and the request keeps
 *   waiting as Traefik would, looked at again every {@link #RECHECK} (at most the limit) and ended as soon as the
 *   server is DOWN or ejected, so requests stuck on a hung server do not wait for the overall request timeout.</li>
 * </ul>
 * An ended request whose 504 is a status of a failover's {@code errors} around the server goes to that failover's
 * fallback ({@link FailoverFallback}); otherwise it goes once to another server if {@link UpstreamAttempt#mayRetryElsewhere}, or again as often as a
 * buffering retry says ({@link UpstreamAttempt#retriesAfterTimeout}; Undertow's ProxyHandler retries it, told by a
 * failure of this attempt), else it is answered 504. Headers that come in time
 * report the server as answering. Runs on the exchange's I/O thread only.
 */
final class HeaderWait {
    /** How often a request past the passive limit looks whether its server went DOWN or was ejected. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(HeaderWait.class);

    private final UpstreamConnection connection;
    private final UpstreamAttempt attempt;
    private final ClientCallback<ClientExchange> proxyListener;
    private XnioExecutor.Key timer;
    private long sentNanos;
    private boolean reported;
    private boolean over;

    /** @param proxyListener ProxyHandler's listener of the exchange, which retries when told the attempt failed */
    HeaderWait(UpstreamConnection connection, UpstreamAttempt attempt, ClientCallback<ClientExchange> proxyListener) {
        this.connection = requireNonNull(connection, "connection");
        this.attempt = requireNonNull(attempt, "attempt");
        this.proxyListener = requireNonNull(proxyListener, "proxyListener");
    }

    /**
     * Starts waiting now if the request was read whole, else once the proxy has read its body to the end (through a
     * {@link RequestBodyEnd} on the exchange's request channel, which ProxyHandler takes right after this).
     */
    void begin() {
        Duration first = firstLimit();
        if (first.isZero()) {
            return;
        }
        HttpServerExchange exchange = connection.exchange();
        exchange.addExchangeCompleteListener((ex, next) -> {
            end();
            next.proceed();
        });
        if (exchange.isRequestComplete() || !exchange.isRequestChannelAvailable() || !awaitBodyEnd(exchange, first)) {
            start(first);
        }
    }

    /**
     * Starts the wait once the body has been read to its end; false when that cannot be seen because the request
     * channel was taken and given back (a buffering middleware read the body whole and handed it back from memory:
     * it is sent at once, so the wait starts now).
     */
    private boolean awaitBodyEnd(HttpServerExchange exchange, Duration first) {
        try {
            exchange.addRequestWrapper((factory, ex) -> new RequestBodyEnd(factory.create(), () -> start(first)));
            return true;
        } catch (IllegalStateException channelTakenAndGivenBack) {
            return false;
        }
    }

    /** The response headers came with {@code status}: the wait is over and the server answered. */
    void answered(int status) {
        end();
        attempt.pick().inFlight().answered();
        attempt.health().reportAnswer(attempt.pick().key(), status);
    }

    /** The attempt ended otherwise (failed, abandoned, exchange done): stop waiting. */
    void end() {
        over = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    private Duration firstLimit() {
        Duration limit = attempt.headerLimit();
        return limit.isZero() ? attempt.passiveLimit() : limit;
    }

    private void start(Duration first) {
        if (over) {
            return;
        }
        sentNanos = System.nanoTime();
        arm(first);
    }

    private void arm(Duration delay) {
        timer = connection.getIoThread().executeAfter(this::expired, Math.max(1, delay.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void expired() {
        timer = null;
        if (over || connection.abandoned() || !connection.isOpen()) {
            return;
        }
        ServerKey server = attempt.pick().key();
        Duration waited = Duration.ofNanos(System.nanoTime() - sentNanos);
        if (!attempt.headerLimit().isZero()) {
            String why = "no response headers within " + GoDuration.format(attempt.headerLimit());
            attempt.health().reportTimeout(server, why);
            giveUp(why);
            return;
        }
        if (!reported) {
            reported = true;
            attempt.health().reportTimeout(server, "no response headers within "
                    + GoDuration.format(attempt.passiveLimit()));
        }
        if (attempt.health().isFailing(server)) {
            giveUp("no response headers after " + GoDuration.format(waited.truncatedTo(ChronoUnit.MILLIS))
                    + ", and the server is DOWN or ejected");
            return;
        }
        Duration limit = attempt.passiveLimit();
        arm(limit.compareTo(RECHECK) < 0 ? limit : RECHECK);
    }

    private void giveUp(String why) {
        over = true;
        HttpServerExchange exchange = connection.exchange();
        String server = Secrets.hideUrlCredentials(attempt.pick().server().url());
        connection.abandon();
        Optional<FailoverBalancer> fallback = FailoverFallback.of(exchange, StatusCodes.GATEWAY_TIME_OUT);
        if (fallback.isPresent()) {
            LOG.debug("{} {}: {} from {}; failover {} sends the request to its fallback", exchange.getRequestMethod(),
                    exchange.getRequestURI(), why, server, fallback.get().service());
            RoutedRequest.of(exchange).fallBack(fallback.get());
            proxyListener.failed(new IOException(why + " from " + server + ", sent to the fallback"));
            return;
        }
        if (attempt.retriesAfterTimeout(exchange)) {
            LOG.debug("{} {}: {} from {}; trying another server", exchange.getRequestMethod(),
                    exchange.getRequestURI(), why, server);
            attempt.retryingElsewhere(exchange);
            proxyListener.failed(new IOException(why + " from " + server));
            return;
        }
        LOG.debug("{} {}: {} from {}; answered 504", exchange.getRequestMethod(), exchange.getRequestURI(), why,
                server);
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setStatusCode(StatusCodes.GATEWAY_TIME_OUT);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("504 gateway timeout: " + why + "\n");
    }
}
