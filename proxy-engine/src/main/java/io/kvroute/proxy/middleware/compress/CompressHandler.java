package io.kvroute.proxy.middleware.compress;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.middleware.MiddlewareContext;
import io.kvroute.proxy.middleware.MiddlewareSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code compress} middleware. A HEAD request, a request whose Content-Type is excluded (always
 * {@code application/grpc}), or one that Accept-Encoding and the settings give no coding passes untouched; otherwise
 * the response is looked at when it starts ({@link CompressionWrapper}) and compressed as it streams
 * ({@link CompressingConduit}). Without Accept-Encoding the default encoding applies, if configured. Counts
 * {@code compressed} responses.
 */
public final class CompressHandler implements HttpHandler {
    private final CompressOptions options;
    private final AcceptEncoding negotiation;
    private final LongAdder compressed;
    private final HttpHandler next;

    private CompressHandler(CompressOptions options, LongAdder compressed, HttpHandler next) {
        this.options = options;
        this.negotiation = new AcceptEncoding(options.encodings(), options.defaultEncoding());
        this.compressed = compressed;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware} (a {@code compress} middleware).
     *
     * @throws io.kvroute.proxy.middleware.MiddlewareException naming the setting that cannot work
     */
    public static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        CompressOptions options = CompressOptions.read(MiddlewareSettings.of((OpaqueMiddleware) middleware));
        LongAdder compressed = context.counter(middleware.name(), "compressed");
        return next -> new CompressHandler(options, compressed, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            next.handleRequest(exchange);
            return;
        }
        String requestType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (requestType != null && options.excludesRequest(requestType)) {
            next.handleRequest(exchange);
            return;
        }
        HeaderValues accepted = exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING);
        Optional<ContentCoding> coding = accepted == null
                ? options.defaultEncoding()
                : negotiation.choose(List.copyOf(accepted));
        if (coding.isPresent()) {
            boolean mayCompress = coding.get() != ContentCoding.GZIP
                    || AcceptEncoding.acceptsGzip(Optional.ofNullable(accepted).map(HeaderValues::getFirst));
            exchange.addResponseWrapper(new CompressionWrapper(options, coding.get(), mayCompress, compressed));
        }
        next.handleRequest(exchange);
    }
}
