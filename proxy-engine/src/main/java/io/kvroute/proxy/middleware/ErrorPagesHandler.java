package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.net.PercentEscaper;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code errors} middleware: a response whose status is in {@code status} is replaced, headers and body,
 * by the page {@code service} answers to a GET of {@code query}, with the response's status (or the one
 * {@code statusRewrites} maps it to). {@code query} may hold {@code {status}}, {@code {originalStatus}} and
 * {@code {url}} (the request URL, query-escaped). The page request carries the client's Host and all its headers,
 * or only {@code errorRequestHeaders} when set. The service is reached through kvroute's own balancers
 * ({@link ServiceRequests}); one that is missing when the chain is built leaves the router out, as Traefik does. When
 * the service cannot answer, the response is Traefik's proxy error text with the caught status. Counts
 * {@code errorPages}: the pages a service answered that replaced a response.
 */
final class ErrorPagesHandler implements HttpHandler {
    private static final PercentEscaper QUERY_ESCAPER = new PercentEscaper("-_.~", true);
    private static final Set<HttpString> NOT_FORWARDED = Set.of(Headers.HOST, Headers.CONTENT_LENGTH,
            Headers.TRANSFER_ENCODING, Headers.CONNECTION, Headers.KEEP_ALIVE, Headers.TE, Headers.TRAILER,
            Headers.UPGRADE, Headers.PROXY_AUTHORIZATION, HttpString.tryFromString("Proxy-Connection"));

    /** A {@code statusRewrites} entry: codes in {@code from} become {@code to}. */
    record StatusRewrite(HttpCodeRanges from, int to) {
    }

    private final HttpCodeRanges status;
    private final List<StatusRewrite> rewrites;
    private final String service;
    private final String query;
    private final Optional<List<String>> requestHeaders;
    private final ServiceRequests services;
    private final LongAdder errorPages;
    private final HttpHandler next;

    private ErrorPagesHandler(ErrorPagesHandler settings, HttpHandler next) {
        this.status = settings.status;
        this.rewrites = settings.rewrites;
        this.service = settings.service;
        this.query = settings.query;
        this.requestHeaders = settings.requestHeaders;
        this.services = settings.services;
        this.errorPages = settings.errorPages;
        this.next = requireNonNull(next, "next");
    }

    private ErrorPagesHandler(HttpCodeRanges status, List<StatusRewrite> rewrites, String service, String query,
            Optional<List<String>> requestHeaders, ServiceRequests services, LongAdder errorPages) {
        this.status = status;
        this.rewrites = ImmutableList.copyOf(rewrites);
        this.service = service;
        this.query = query;
        this.requestHeaders = requestHeaders;
        this.services = services;
        this.errorPages = errorPages;
        this.next = null;
    }

    /**
     * What wraps a next handler in {@code middleware} (an {@code errors} middleware).
     *
     * @throws MiddlewareException for a status or rewrite that is not a code or range, a rewrite to a code that is
     *         not 100-999, or a service the configuration does not serve
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        HttpCodeRanges status = HttpCodeRanges.parse(settings.strings("status")).orElseThrow(() ->
                settings.invalid("status", "codes such as 404 or ranges such as 500-599"));
        ImmutableList.Builder<StatusRewrite> rewrites = ImmutableList.builder();
        Optional<MiddlewareSettings> rewriteSection = settings.section("statusRewrites");
        if (rewriteSection.isPresent()) {
            MiddlewareSettings section = rewriteSection.get();
            for (String name : section.names()) {
                HttpCodeRanges from = HttpCodeRanges.parse(List.of(name)).orElseThrow(() ->
                        section.invalid(name, "a status rewrite from a code or range such as 418 or 500-599"));
                long to = section.integer(name).orElseThrow();
                if (to < 100 || to > 999) {
                    throw section.invalid(name, "a status code from 100 to 999");
                }
                rewrites.add(new StatusRewrite(from, (int) to));
            }
        }
        String service = settings.text("service").orElse("");
        int at = service.lastIndexOf('@');
        String serviceName = at < 0 ? service : service.substring(0, at);
        if (!context.services().serves(serviceName)) {
            throw settings.invalid("service", "a service of this configuration that can serve (not missing or "
                    + "left out)");
        }
        String query = settings.text("query").orElse("");
        Optional<List<String>> requestHeaders = settings.has("errorRequestHeaders")
                ? Optional.of(settings.strings("errorRequestHeaders")) : Optional.empty();
        settings.requireAllRead();
        ErrorPagesHandler built = new ErrorPagesHandler(status, rewrites.build(), serviceName, query, requestHeaders,
                context.services(), context.counter(middleware.name(), "errorPages"));
        return next -> new ErrorPagesHandler(built, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST)).orElse("");
        String rawPath = RequestPaths.rawPath(exchange);
        String rawQuery = exchange.getQueryString();
        exchange.addResponseWrapper((factory, wrapped) -> {
            int original = wrapped.getStatusCode();
            if (!status.contains(original)) {
                return factory.create();
            }
            int code = rewrites.stream().filter(rewrite -> rewrite.from().contains(original))
                    .mapToInt(StatusRewrite::to).findFirst().orElse(original);
            String scheme = wrapped.getConnection().getSslSessionInfo() != null ? "https" : "http";
            String url = scheme + "://" + host + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
            Optional<String> target = PageTarget.of(pageQuery(code, original, url));
            // The response starts once its channel is taken, right after this: its status can change only now.
            wrapped.setStatusCode(code);
            wrapped.setReasonPhrase(StatusCodes.getReason(code));
            return new ErrorPageConduit(factory, wrapped, code, target.map(path ->
                    new ServiceRequests.PageRequest(path, host, pageHeaders(wrapped.getRequestHeaders()))),
                    service, services, errorPages);
        });
        next.handleRequest(exchange);
    }

    /** {@code query} with its placeholders filled, starting with one {@code /}. */
    private String pageQuery(int code, int original, String url) {
        if (query.isEmpty()) {
            return "";
        }
        return "/" + (query.startsWith("/") ? query.substring(1) : query)
                .replace("{status}", Integer.toString(code))
                .replace("{originalStatus}", Integer.toString(original))
                .replace("{url}", QUERY_ESCAPER.escape(url));
    }

    private HeaderMap pageHeaders(HeaderMap request) {
        HeaderMap headers = new HeaderMap();
        if (requestHeaders.isPresent()) {
            for (String name : requestHeaders.get()) {
                HeaderValues values = request.get(name);
                if (values != null && !NOT_FORWARDED.contains(values.getHeaderName())) {
                    headers.putAll(values.getHeaderName(), values);
                }
            }
            return headers;
        }
        for (HeaderValues values : request) {
            if (!NOT_FORWARDED.contains(values.getHeaderName())) {
                headers.putAll(values.getHeaderName(), values);
            }
        }
        return headers;
    }
}
