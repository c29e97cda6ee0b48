package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Headers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code headers} middleware, in Traefik's order. On the way in: a CORS preflight is answered
 * ({@link CorsPolicy}); custom request headers are edited ({@link HeaderEdits}); a host {@code allowedHosts} does not
 * list is refused ({@link SecurityHeadersPolicy}, counted as {@value #REJECTED}). On the way out, just before the
 * response headers are sent, whoever produced the response (the origin, a 404, an inner middleware, the host
 * refusal but for the security headers): the security headers, then the custom response headers, then the CORS
 * headers. With several of these in a chain the outer one's response edits are applied last, as in Traefik.
 */
final class HeadersHandler implements HttpHandler {
    /** The event counted when {@code allowedHosts} refuses a request. */
    static final String REJECTED = "rejected";

    private final HeaderEdits requestEdits;
    private final HeaderEdits responseEdits;
    /** The custom response headers alone (no CORS): one listener for every request. */
    private final ResponseCommitListener applyResponseEdits;
    private final Optional<CorsPolicy> cors;
    private final Optional<SecurityHeadersPolicy> security;
    private final LongAdder rejected;
    private final HttpHandler next;

    private HeadersHandler(HeaderEdits requestEdits, HeaderEdits responseEdits, Optional<CorsPolicy> cors,
            Optional<SecurityHeadersPolicy> security, LongAdder rejected, HttpHandler next) {
        this.requestEdits = requestEdits;
        this.responseEdits = responseEdits;
        this.applyResponseEdits = committing -> responseEdits.applyToResponse(committing.getResponseHeaders());
        this.cors = cors;
        this.security = security;
        this.rejected = rejected;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code config}'s headers; every setting of its untyped rest is applied.
     *
     * @throws MiddlewareException naming the setting that cannot work, or when nothing is configured (Traefik
     *         refuses such a middleware too)
     */
    static UnaryOperator<HttpHandler> factory(Headers config, MiddlewareContext context) {
        requireNonNull(config, "config");
        MiddlewareSettings settings = MiddlewareSettings.of(config, config.others());
        HeaderEdits request = edits(config, "customRequestHeaders", config.customRequestHeaders());
        HeaderEdits response = edits(config, "customResponseHeaders", config.customResponseHeaders());
        CorsPolicy cors = CorsPolicy.read(settings);
        SecurityHeadersPolicy security = SecurityHeadersPolicy.read(settings, context::warn);
        settings.requireAllRead();
        if (request.isEmpty() && response.isEmpty() && !cors.isDefined() && !security.isDefined()) {
            throw new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, config.name(), config.type(),
                    "no custom, CORS or security header setting (expected: at least one, as Traefik requires)");
        }
        LongAdder rejected = context.counter(config.name(), REJECTED);
        Optional<CorsPolicy> corsIfDefined = Optional.of(cors).filter(CorsPolicy::isDefined);
        Optional<SecurityHeadersPolicy> securityIfDefined = Optional.of(security)
                .filter(SecurityHeadersPolicy::isDefined);
        return next -> new HeadersHandler(request, response, corsIfDefined, securityIfDefined, rejected, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (cors.isPresent() && CorsPolicy.isPreflight(exchange)) {
            cors.get().answerPreflight(exchange);
            return;
        }
        requestEdits.applyToRequest(exchange);
        if (cors.isEmpty() && !responseEdits.isEmpty()) {
            exchange.addResponseCommitListener(applyResponseEdits);
        } else if (cors.isPresent()) {
            String origin = CorsPolicy.origin(exchange);
            exchange.addResponseCommitListener(committing -> {
                HeaderMap headers = committing.getResponseHeaders();
                responseEdits.applyToResponse(headers);
                cors.ifPresent(policy -> policy.applyToResponse(headers, origin));
            });
        }
        if (security.isPresent()) {
            if (!security.get().allowsHost(exchange)) {
                rejected.increment();
                SecurityHeadersPolicy.refuseHost(exchange);
                return;
            }
            List<SecurityHeadersPolicy.Header> headers = security.get().responseHeaders(exchange);
            if (!headers.isEmpty()) {
                exchange.addResponseCommitListener(committing -> headers.forEach(header ->
                        HeaderEdits.replace(committing.getResponseHeaders(), header.name(), header.value())));
            }
        }
        next.handleRequest(exchange);
    }

    private static HeaderEdits edits(Headers headers, String setting, Map<String, String> values) {
        try {
            return HeaderEdits.of(values);
        } catch (IllegalArgumentException badHeader) {
            throw new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, headers.name(), headers.type(),
                    setting + ": " + badHeader.getMessage());
        }
    }
}
