package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.FailoverErrors;
import io.kvroute.proxy.middleware.BufferRetry;
import io.kvroute.proxy.middleware.BufferedBody;
import io.kvroute.proxy.middleware.RetryPolicy;
import io.kvroute.proxy.middleware.StatusRetry;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * A request body read whole before the first attempt so that a status retry ({@link StatusRetry}) can send it again:
 * every attempt's connection writes it ({@link UpstreamConnection}) and the request is forwarded with its
 * {@code Content-Length}. A body longer than the retry's {@code maxRequestBodyBytes} (declared, or found while
 * reading) is not held: what was read is handed back to the exchange and the request is streamed as usual, without
 * status retries, as Traefik does. A request expecting {@code 100 Continue} is streamed too (the origin answers the
 * expectation). With a buffering retry ({@link BufferRetry}) the body, which the buffering middleware already read
 * whole within its own limit, is always held. Failovers with {@code errors} around the first server hold it too, for
 * every method ({@link #holdForFailover}). Lives as an exchange attachment; its temporary file, if any, is deleted when the exchange ends.
 */
final class ReplayBody {
    private static final AttachmentKey<ReplayBody> KEY = AttachmentKey.create(ReplayBody.class);
    private static final Logger LOG = LoggerFactory.getLogger(ReplayBody.class);
    /** The part of a held body kept in memory; the rest goes to a temporary file. */
    private static final long MEMORY_BYTES = 1_048_576;

    private final BufferedBody body;

    private ReplayBody(BufferedBody body) {
        this.body = body;
    }

    /** The body held for status retries of {@code exchange}, or null when its statuses are not retried. */
    static ReplayBody of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /**
     * Holds the body of {@code exchange} if its status retries want it, then runs {@code then}; the exchange is
     * answered 500 instead when the body cannot be read.
     */
    static void hold(HttpServerExchange exchange, Runnable then) {
        StatusRetry retries = StatusRetry.of(exchange).orElse(null);
        boolean bufferRetry = BufferRetry.of(exchange).isPresent();
        List<FailoverErrors> failovers = failoverErrors(exchange);
        boolean wanted = bufferRetry || !failovers.isEmpty() || retries != null
                && retries.appliesTo(exchange.getRequestMethod())
                && RetryPolicy.of(exchange).map(policy -> policy.attempts() > 1).orElse(false)
                && !HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())
                && retries.replays(Math.max(0, exchange.getRequestContentLength()));
        if (!wanted || exchange.getAttachment(KEY) != null) {
            then.run();
            return;
        }
        if (!failovers.isEmpty()) {
            holdForFailover(exchange, failovers, then);
            return;
        }
        BufferedBody body = new BufferedBody(MEMORY_BYTES, "request");
        exchange.addExchangeCompleteListener((done, next) -> {
            close(body);
            next.proceed();
        });
        if (exchange.isRequestComplete()) {
            exchange.putAttachment(KEY, new ReplayBody(body));
            then.run();
            return;
        }
        StreamSourceChannel channel = exchange.getRequestChannel();
        if (channel == null) {
            then.run();
            return;
        }
        RequestBodyReader.read(exchange, channel, "hold it for status retries",
                (bytes, length) -> body.append(Arrays.copyOf(bytes, length)),
                read -> !bufferRetry && !retries.replays(read), () -> {
                    exchange.getRequestHeaders().remove(Headers.TRANSFER_ENCODING);
                    exchange.getRequestHeaders().put(Headers.CONTENT_LENGTH, body.size());
                    exchange.putAttachment(KEY, new ReplayBody(body));
                    then.run();
                }, () -> {
                    Connectors.ungetRequestBytes(exchange, body.buffers());
                    Connectors.resetRequestChannel(exchange);
                    then.run();
                });
    }

    /** The {@code errors} of the failovers around the request's first server. */
    private static List<FailoverErrors> failoverErrors(HttpServerExchange exchange) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null || routed.pick() == null || routed.pick().statusFailovers().isEmpty()) {
            return List.of();
        }
        return routed.pick().statusFailovers().stream().flatMap(failover -> failover.errors().stream()).toList();
    }

    /**
     * Holds the body for failovers with {@code errors}, as Traefik reads it whole for every method before the main
     * service gets the request: one longer than a failover's {@code maxRequestBodyBytes} is answered 413, Traefik's
     * {@code Request body too large}. A request expecting {@code 100 Continue} gets it first, as Go's server sends it
     * when the body is read, and is forwarded without the expectation.
     */
    private static void holdForFailover(HttpServerExchange exchange, List<FailoverErrors> failovers, Runnable then) {
        LongPredicate tooLong = length -> failovers.stream().anyMatch(errors -> errors.tooLong(length));
        if (tooLong.test(Math.max(0, exchange.getRequestContentLength()))) {
            tooLarge(exchange);
            return;
        }
        BufferedBody body = new BufferedBody(MEMORY_BYTES, "request");
        exchange.addExchangeCompleteListener((done, next) -> {
            close(body);
            next.proceed();
        });
        StreamSourceChannel channel = exchange.isRequestComplete() ? null : exchange.getRequestChannel();
        if (channel == null) {
            exchange.putAttachment(KEY, new ReplayBody(body));
            then.run();
            return;
        }
        boolean framed = exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        Runnable read = () -> RequestBodyReader.read(exchange, channel, "hold it for a failover's fallback",
                (bytes, length) -> body.append(Arrays.copyOf(bytes, length)), tooLong, () -> {
                    exchange.getRequestHeaders().remove(Headers.TRANSFER_ENCODING);
                    if (framed || body.size() > 0) {
                        exchange.getRequestHeaders().put(Headers.CONTENT_LENGTH, body.size());
                    }
                    exchange.putAttachment(KEY, new ReplayBody(body));
                    then.run();
                }, () -> tooLarge(exchange));
        if (!HttpContinue.requiresContinueResponse(exchange)) {
            read.run();
            return;
        }
        HttpContinue.sendContinueResponse(exchange, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange continued, Sender sender) {
                continued.getRequestHeaders().remove(Headers.EXPECT);
                read.run();
            }

            @Override
            public void onException(HttpServerExchange continued, Sender sender, IOException e) {
                LOG.debug("{} {}: sending 100 Continue failed: {}", continued.getRequestMethod(),
                        continued.getRequestURI(), e.toString());
                IoUtils.safeClose(continued.getConnection());
            }
        });
    }

    /** Go's {@code http.Error} of Traefik's failover for a body longer than its {@code maxRequestBodyBytes}. */
    private static void tooLarge(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.REQUEST_ENTITY_TOO_LARGE);
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send("Request body too large\n");
    }

    /** Writes the whole body to {@code sink}, then runs {@code written}; {@code failed} is told of a write error. */
    void writeTo(StreamSinkChannel sink, Runnable written, Consumer<IOException> failed) {
        PooledByteBuffer[] pooled;
        try {
            pooled = body.buffers();
        } catch (IOException e) {
            failed.accept(e);
            return;
        }
        ByteBuffer[] buffers = Arrays.stream(pooled).map(PooledByteBuffer::getBuffer).toArray(ByteBuffer[]::new);
        ChannelListener<StreamSinkChannel> writer = new ChannelListener<>() {
            @Override
            public void handleEvent(StreamSinkChannel channel) {
                try {
                    while (Arrays.stream(buffers).anyMatch(ByteBuffer::hasRemaining)) {
                        if (channel.write(buffers) == 0) {
                            channel.getWriteSetter().set(this);
                            channel.resumeWrites();
                            return;
                        }
                    }
                } catch (IOException e) {
                    channel.suspendWrites();
                    channel.getWriteSetter().set(null);
                    failed.accept(e);
                    return;
                }
                channel.suspendWrites();
                channel.getWriteSetter().set(null);
                written.run();
            }
        };
        writer.handleEvent(requireNonNull(sink, "sink"));
    }

    /** Whether there are bytes to send. */
    boolean isEmpty() {
        return body.size() == 0;
    }

    private static void close(BufferedBody body) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.warn("closing a held request body's temporary file failed: {}", e.toString());
        }
    }
}
