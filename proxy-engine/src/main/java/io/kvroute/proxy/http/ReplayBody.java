package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.BufferRetry;
import io.kvroute.proxy.middleware.BufferedBody;
import io.kvroute.proxy.middleware.RetryPolicy;
import io.kvroute.proxy.middleware.StatusRetry;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * A request body read whole before the first attempt so that a status retry ({@link StatusRetry}) can send it again:
 * every attempt's connection writes it ({@link UpstreamConnection}) and the request is forwarded with its
 * {@code Content-Length}. A body longer than the retry's {@code maxRequestBodyBytes} (declared, or found while
 * reading) is not held: what was read is handed back to the exchange and the request is streamed as usual, without
 * status retries, as Traefik does. A request expecting {@code 100 Continue} is streamed too (the origin answers the
 * expectation). With a buffering retry ({@link BufferRetry}) the body, which the buffering middleware already read
 * whole within its own limit, is always held. Lives as an exchange attachment; its temporary file, if any, is deleted when the exchange ends.
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
        boolean wanted = bufferRetry || retries != null && retries.appliesTo(exchange.getRequestMethod())
                && RetryPolicy.of(exchange).map(policy -> policy.attempts() > 1).orElse(false)
                && !HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())
                && retries.replays(Math.max(0, exchange.getRequestContentLength()));
        if (!wanted || exchange.getAttachment(KEY) != null) {
            then.run();
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
