package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.routing.IpRange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code ipAllowList} and its deprecated alias {@code ipWhiteList}: a request whose client address (the
 * {@link ClientIpStrategy} of {@code ipStrategy}) is in none of the {@code sourceRange} addresses and CIDR ranges is
 * refused with {@code rejectStatusCode} (403 unless set; {@code ipWhiteList} always 403) and Go's text for that status
 * as the body, and counted as {@code rejected}. A client address that is missing or not an address (a depth beyond
 * the {@code X-Forwarded-For} entries, a garbled entry) is refused too. An entry may carry a port
 * ({@code 192.0.2.7:5000}, {@code [2001:db8::1]:443}) and an IPv6 zone, both ignored, as Traefik's checker does.
 */
final class IpAllowListHandler implements HttpHandler {
    static final String ALLOW_LIST = "ipAllowList";
    static final String WHITE_LIST = "ipWhiteList";
    private static final int DEFAULT_REJECT_STATUS = 403;

    private final List<IpRange> sourceRange;
    private final ClientIpStrategy strategy;
    private final int rejectStatus;
    private final String rejectBody;
    private final LongAdder rejected;
    private final HttpHandler next;

    private IpAllowListHandler(List<IpRange> sourceRange, ClientIpStrategy strategy, int rejectStatus,
            LongAdder rejected, HttpHandler next) {
        this.sourceRange = ImmutableList.copyOf(sourceRange);
        this.strategy = strategy;
        this.rejectStatus = rejectStatus;
        this.rejectBody = GoStatusText.of(rejectStatus).orElseThrow();
        this.rejected = rejected;
        this.next = next;
    }

    /** {@code ipAllowList}: sourceRange, ipStrategy, rejectStatusCode. */
    static UnaryOperator<HttpHandler> allowList(Middleware middleware, MiddlewareContext context) {
        return wrapper(middleware, context, true);
    }

    /** {@code ipWhiteList}: sourceRange and ipStrategy; refused requests always get 403. */
    static UnaryOperator<HttpHandler> whiteList(Middleware middleware, MiddlewareContext context) {
        return wrapper(middleware, context, false);
    }

    private static UnaryOperator<HttpHandler> wrapper(Middleware middleware, MiddlewareContext context,
            boolean hasRejectStatus) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        List<IpRange> sourceRange = sourceRange(settings);
        ClientIpStrategy strategy = ClientIpStrategy.read(settings.section("ipStrategy"));
        int rejectStatus = hasRejectStatus ? rejectStatus(settings) : DEFAULT_REJECT_STATUS;
        settings.requireAllRead();
        LongAdder rejected = context.counter(middleware.name(), "rejected");
        return next -> new IpAllowListHandler(sourceRange, strategy, rejectStatus, rejected,
                requireNonNull(next, "next"));
    }

    private static List<IpRange> sourceRange(MiddlewareSettings settings) {
        List<String> texts = settings.strings("sourceRange");
        if (texts.isEmpty()) {
            throw settings.invalid("sourceRange", "at least one IP address or CIDR range");
        }
        ImmutableList.Builder<IpRange> ranges = ImmutableList.builder();
        for (String text : texts) {
            try {
                ranges.add(IpRange.parse(text));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("sourceRange", "IPv4 or IPv6 addresses or CIDR ranges; " + e.getMessage());
            }
        }
        return ranges.build();
    }

    /** Traefik: 0 or absent means 403; anything else must be a status Go has a text for (and not 1xx here). */
    private static int rejectStatus(MiddlewareSettings settings) {
        int status = settings.smallInteger("rejectStatusCode").orElse(0);
        if (status == 0) {
            return DEFAULT_REJECT_STATUS;
        }
        if (status < 200 || GoStatusText.of(status).isEmpty()) {
            throw settings.invalid("rejectStatusCode", "an HTTP status from 200 to 599 such as 403 or 404");
        }
        return status;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<InetAddress> client = strategy.clientAddress(exchange);
        if (client.isPresent() && allowed(client.get())) {
            next.handleRequest(exchange);
            return;
        }
        rejected.increment();
        PlainResponse.send(exchange, rejectStatus, rejectBody);
    }

    private boolean allowed(InetAddress client) {
        for (IpRange range : sourceRange) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
