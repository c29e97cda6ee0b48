package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * Everything of the web listener behind authentication, by exact, case-sensitive path: the page and its assets,
 * Prometheus {@code /metrics}, Traefik's API and kvroute's dashboard endpoints. Only {@code GET}/{@code HEAD}
 * read, only the drain endpoint takes {@code POST}; the user comes from {@link #USER_HEADER}, which the basic auth
 * step sets (and which is removed when there is no auth). Every answer is redacted: JSON in {@link Responses},
 * {@code /metrics} here.
 */
final class WebRoutes implements HttpHandler {
    static final HttpString USER_HEADER = HttpString.tryFromString("X-Kvroute-Web-User");

    private final Assets assets;
    private final PrometheusMeterRegistry registry;
    private final TraefikApi traefik;
    private final DashboardApi dashboard;
    private final CurrentRedaction redaction;

    WebRoutes(Assets assets, PrometheusMeterRegistry registry, TraefikApi traefik, DashboardApi dashboard,
            CurrentRedaction redaction) {
        this.assets = requireNonNull(assets, "assets");
        this.registry = requireNonNull(registry, "registry");
        this.traefik = requireNonNull(traefik, "traefik");
        this.dashboard = requireNonNull(dashboard, "dashboard");
        this.redaction = requireNonNull(redaction, "redaction");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        redaction.attachTo(exchange);
        String path = exchange.getRequestPath();
        String user = exchange.getRequestHeaders().getFirst(USER_HEADER);
        HttpString method = exchange.getRequestMethod();
        boolean read = method.equals(Methods.GET) || method.equals(Methods.HEAD);
        if (!read && !(method.equals(Methods.POST) && path.equals(DashboardApi.DRAIN))) {
            exchange.getResponseHeaders().put(Headers.ALLOW, path.equals(DashboardApi.DRAIN) ? "POST" : "GET, HEAD");
            Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, "405 method not allowed\n");
            return;
        }
        if (path.equals("/metrics")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(redaction.get().applyToExposition(registry.scrape()));
            return;
        }
        boolean handled = assets.handle(exchange, path)
                || dashboard.handle(exchange, path, user == null ? "" : user)
                || traefik.handle(exchange, path);
        if (!handled) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, "404 page not found\n");
        }
    }
}
