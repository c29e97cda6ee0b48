package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Optional;
import java.util.function.Function;

/**
 * Traefik's {@code sourceCriterion}: what groups requests as coming from one source, for {@code rateLimit} and
 * {@code inFlightReq}. One of {@code ipStrategy} (the client address it selects, empty when it selects none),
 * {@code requestHeaderName} (that header's first value, empty when absent) or {@code requestHost} (the {@code Host}
 * header as sent, port included); several at once are refused, as Traefik does. With none, each middleware has its
 * own default: the peer address for {@code rateLimit}, the host for {@code inFlightReq}.
 */
final class SourceCriterion {
    /** The connection's peer address: {@code rateLimit}'s default. */
    static final SourceCriterion PEER = new SourceCriterion("ipStrategy", exchange ->
            ClientIpStrategy.PEER.clientIp(exchange).orElse(""));
    /** The request's host: {@code inFlightReq}'s default. */
    static final SourceCriterion HOST = new SourceCriterion("requestHost", SourceCriterion::host);

    private final String description;
    private final Function<HttpServerExchange, String> source;

    private SourceCriterion(String description, Function<HttpServerExchange, String> source) {
        this.description = description;
        this.source = source;
    }

    /**
     * Reads a {@code sourceCriterion} section; {@code fallback} when it is absent or sets no criterion (an empty
     * header name and {@code requestHost: false} set none, as in Traefik).
     *
     * @throws MiddlewareException when several criteria are set, or the ipStrategy is invalid
     */
    static SourceCriterion read(Optional<MiddlewareSettings> section, SourceCriterion fallback) {
        requireNonNull(fallback, "fallback");
        if (section.isEmpty()) {
            return fallback;
        }
        MiddlewareSettings criterion = section.get();
        boolean byIp = criterion.has("ipStrategy");
        String header = criterion.text("requestHeaderName").orElse("");
        boolean byHost = criterion.bool("requestHost").orElse(false);
        if ((byIp ? 1 : 0) + (header.isEmpty() ? 0 : 1) + (byHost ? 1 : 0) > 1) {
            throw criterion.invalid(byIp ? "ipStrategy" : "requestHeaderName",
                    "only one of ipStrategy, requestHeaderName and requestHost");
        }
        if (byIp) {
            ClientIpStrategy strategy = ClientIpStrategy.read(criterion.section("ipStrategy"));
            return new SourceCriterion("ipStrategy", exchange -> strategy.clientIp(exchange).orElse(""));
        }
        if (!header.isEmpty()) {
            HttpString name;
            try {
                name = new HttpString(header);
            } catch (IllegalArgumentException notAName) {
                throw criterion.invalid("requestHeaderName", "an HTTP header name");
            }
            return new SourceCriterion("requestHeaderName " + header, exchange ->
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).orElse(""));
        }
        return byHost ? HOST : fallback;
    }

    /** The source of {@code exchange}'s request; empty when the criterion finds none (all such requests share it). */
    String sourceOf(HttpServerExchange exchange) {
        return source.apply(exchange);
    }

    @Override
    public String toString() {
        return description;
    }

    private static String host(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST)).orElse("");
    }
}
