package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.middleware.expression.ExpressionException;
import io.kvroute.proxy.middleware.expression.RetryExpression;
import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code buffering}: the request body is read whole before the request goes on (in memory up to
 * {@code memRequestBodyBytes}, 1 MiB by default, the rest in a temporary file; see {@link BufferedBody}) and
 * forwarded with a {@code Content-Length} (a chunked body is sent with its length, as Traefik does). A body longer
 * than {@code maxRequestBodyBytes} (0: no limit) is answered 413 {@code Request Entity Too Large}, at once when its
 * declared length says so, and counted {@code requestTooLarge}; nothing of it is forwarded.
 * {@code maxResponseBodyBytes} (0: no limit) is {@link ResponseBodyLimit} for a declared length and
 * {@link ResponseHolding} for an undeclared one (held whole by the proxy client, in memory up to
 * {@code memResponseBodyBytes}, 1 MiB by default as in oxy, the rest in a temporary file); counted
 * {@code responseTooLarge}. {@code retryExpression} is a {@link BufferRetry} the proxy client applies: the
 * request is sent again while the expression holds for an attempt's answer, decided on its status before any of it
 * reaches the client.
 */
final class BufferingHandler implements HttpHandler {
    /** oxy's default for {@code memRequestBodyBytes} and {@code memResponseBodyBytes} 0. */
    static final long DEFAULT_MEMORY_BYTES = 1_048_576;
    private static final Logger LOG = LoggerFactory.getLogger(BufferingHandler.class);

    private final long maxRequestBytes;
    private final long memoryBytes;
    private final long maxResponseBytes;
    private final long responseMemoryBytes;
    private final LongAdder requestTooLarge;
    private final LongAdder responseTooLarge;
    private final Optional<BufferRetry> retry;
    private final HttpHandler next;

    BufferingHandler(long maxRequestBytes, long memoryBytes, long maxResponseBytes, long responseMemoryBytes,
            LongAdder requestTooLarge, LongAdder responseTooLarge, Optional<BufferRetry> retry, HttpHandler next) {
        this.maxRequestBytes = maxRequestBytes;
        this.memoryBytes = maxRequestBytes > 0 ? Math.min(memoryBytes, maxRequestBytes) : memoryBytes;
        this.maxResponseBytes = maxResponseBytes;
        this.responseMemoryBytes = responseMemoryBytes;
        this.requestTooLarge = requireNonNull(requestTooLarge, "requestTooLarge");
        this.responseTooLarge = requireNonNull(responseTooLarge, "responseTooLarge");
        this.retry = requireNonNull(retry, "retry");
        this.next = requireNonNull(next, "next");
    }

    static final String TYPE = "buffering";
    /** The setting of the retry condition. */
    static final String RETRY_EXPRESSION = "retryExpression";

    /**
     * Reads {@code maxRequestBodyBytes}, {@code memRequestBodyBytes}, {@code maxResponseBodyBytes},
     * {@code memResponseBodyBytes} and {@code retryExpression} (empty: no retry, as in Traefik).
     *
     * @throws MiddlewareException when a size is negative or the retry expression does not parse (naming its column)
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        long maxRequest = bytes(settings, "maxRequestBodyBytes");
        long memory = bytes(settings, "memRequestBodyBytes");
        long maxResponse = bytes(settings, "maxResponseBodyBytes");
        long responseMemory = bytes(settings, "memResponseBodyBytes");
        Optional<BufferRetry> retry = retry(settings);
        settings.requireAllRead();
        LongAdder requestTooLarge = context.counter(middleware.name(), "requestTooLarge");
        LongAdder responseTooLarge = context.counter(middleware.name(), "responseTooLarge");
        return next -> new BufferingHandler(maxRequest, memory == 0 ? DEFAULT_MEMORY_BYTES : memory, maxResponse,
                responseMemory == 0 ? DEFAULT_MEMORY_BYTES : responseMemory, requestTooLarge, responseTooLarge, retry,
                next);
    }

    private static Optional<BufferRetry> retry(MiddlewareSettings settings) {
        Optional<String> text = settings.text(RETRY_EXPRESSION).filter(expression -> !expression.isEmpty());
        try {
            return text.map(RetryExpression::parse).map(BufferRetry::new);
        } catch (ExpressionException e) {
            throw settings.invalid(RETRY_EXPRESSION, "a condition such as IsNetworkError() && Attempts() <= 2; "
                    + e.getMessage());
        }
    }

    private static long bytes(MiddlewareSettings settings, String name) {
        long value = settings.integer(name).orElse(0);
        if (value < 0) {
            throw settings.invalid(name, "0 or more bytes");
        }
        return value;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        retry.ifPresent(retries -> exchange.putAttachment(BufferRetry.ATTACHMENT, retries));
        if (maxResponseBytes > 0) {
            exchange.addResponseWrapper(new ResponseBodyLimit(maxResponseBytes, responseTooLarge));
            exchange.putAttachment(ResponseHolding.ATTACHMENT, new ResponseHolding(maxResponseBytes,
                    responseMemoryBytes, responseTooLarge));
        }
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        if (maxRequestBytes > 0 && exchange.getRequestContentLength() > maxRequestBytes) {
            refuse(exchange);
            return;
        }
        BufferedBody body = new BufferedBody(memoryBytes, "request");
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            close(body);
            nextListener.proceed();
        });
        Receiver receiver = exchange.getRequestReceiver();
        receiver.receivePartialBytes((receiving, data, last) -> {
            try {
                body.append(data);
            } catch (IOException e) {
                throw new UncheckedIOException("buffering a request body to a temporary file failed", e);
            }
            if (maxRequestBytes > 0 && body.size() > maxRequestBytes) {
                receiver.pause();
                refuse(receiving);
            } else if (last) {
                forward(receiving, body);
            }
        }, (failed, e) -> {
            if (e instanceof RequestTooBigException || e instanceof Receiver.RequestToLargeException) {
                refuse(failed);
            } else {
                failed.setPersistent(false);
                failed.endExchange();
            }
        });
    }

    private void forward(HttpServerExchange exchange, BufferedBody body) {
        try {
            Connectors.ungetRequestBytes(exchange, body.buffers());
            close(body);
            Connectors.resetRequestChannel(exchange);
            exchange.getRequestHeaders().remove(Headers.TRANSFER_ENCODING);
            exchange.getRequestHeaders().put(Headers.CONTENT_LENGTH, body.size());
            next.handleRequest(exchange);
        } catch (Exception e) {
            LOG.warn("{} {}: forwarding a buffered request body failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            exchange.setPersistent(false);
            exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            exchange.endExchange();
        }
    }

    private void refuse(HttpServerExchange exchange) {
        requestTooLarge.increment();
        exchange.setPersistent(false);
        StatusAnswer.send(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large");
    }

    private static void close(BufferedBody body) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.warn("closing a buffered request body's temporary file failed: {}", e.toString());
        }
    }
}
