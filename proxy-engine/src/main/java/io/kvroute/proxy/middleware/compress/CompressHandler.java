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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    /** The most distinct Accept-Encoding lines one middleware remembers the negotiation of. */
    static final int MAX_REMEMBERED_LINES = 64;
    /** The longest Accept-Encoding line whose negotiation is remembered. */
    static final int MAX_REMEMBERED_LENGTH = 256;

    private final CompressOptions options;
    private final AcceptEncoding negotiation;
    private final LongAdder compressed;
    private final Optional<CompressionWrapper> withoutAcceptEncoding;
    private final Map<String, Optional<CompressionWrapper>> byLine = new ConcurrentHashMap<>();
    private final HttpHandler next;

    private CompressHandler(CompressOptions options, LongAdder compressed, HttpHandler next) {
        this.options = options;
        this.negotiation = new AcceptEncoding(options.encodings(), options.defaultEncoding());
        this.compressed = compressed;
        this.withoutAcceptEncoding = wrapper(options.defaultEncoding(), Optional.empty());
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
        Optional<CompressionWrapper> wrapper = negotiate(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
        if (wrapper.isPresent()) {
            exchange.addResponseWrapper(wrapper.get());
        }
        next.handleRequest(exchange);
    }

    /**
     * The response wrapper for these Accept-Encoding lines, empty when they choose no coding; that of a single line
     * is remembered (clients send few distinct ones), up to {@link #MAX_REMEMBERED_LINES} lines of at most
     * {@link #MAX_REMEMBERED_LENGTH} characters.
     */
    private Optional<CompressionWrapper> negotiate(HeaderValues accepted) {
        if (accepted == null) {
            return withoutAcceptEncoding;
        }
        if (accepted.size() != 1 || accepted.getFirst().length() > MAX_REMEMBERED_LENGTH) {
            return wrapper(negotiation.choose(List.copyOf(accepted)), Optional.ofNullable(accepted.getFirst()));
        }
        String line = accepted.getFirst();
        Optional<CompressionWrapper> known = byLine.get(line);
        if (known != null) {
            return known;
        }
        Optional<CompressionWrapper> chosen = wrapper(negotiation.choose(List.of(line)), Optional.of(line));
        if (byLine.size() < MAX_REMEMBERED_LINES) {
            byLine.put(line, chosen);
        }
        return chosen;
    }

    /**
     * The wrapper for {@code coding}, if one is chosen; gzip compresses only when the first Accept-Encoding line
     * itself accepts it. A wrapper keeps no state of a response: one serves every request that chose the same.
     */
    private Optional<CompressionWrapper> wrapper(Optional<ContentCoding> coding, Optional<String> firstLine) {
        return coding.map(chosen -> new CompressionWrapper(options, chosen,
                chosen != ContentCoding.GZIP || AcceptEncoding.acceptsGzip(firstLine), compressed));
    }
}
