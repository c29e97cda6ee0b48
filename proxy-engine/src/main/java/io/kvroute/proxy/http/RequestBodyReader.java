package io.kvroute.proxy.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body before it is forwarded, without blocking, for a handler that needs it first
 * ({@link MirrorBody} for mirrors, {@link ReplayBody} for status retries): every chunk goes to {@code chunks} until
 * the channel ends ({@code onEnd}) or the bytes read so far are too many ({@code onTooLong}); reads are suspended
 * before either runs. A read error (or one of those steps failing) answers the exchange 500, or closes its
 * connection when the response has begun, and logs what the body was read for.
 */
final class RequestBodyReader implements ChannelListener<StreamSourceChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyReader.class);
    private static final int READ_BYTES = 16 * 1024;

    /** Takes the first {@code length} bytes of {@code bytes}, which are reused after the call. */
    interface Chunks {
        void append(byte[] bytes, int length) throws IOException;
    }

    /** What is done once the body has been read, or found too long. */
    interface Step {
        void run() throws IOException;
    }

    private final HttpServerExchange exchange;
    private final String purpose;
    private final Chunks chunks;
    private final LongPredicate tooLong;
    private final Step onEnd;
    private final Step onTooLong;
    private long read;

    private RequestBodyReader(HttpServerExchange exchange, String purpose, Chunks chunks, LongPredicate tooLong,
            Step onEnd, Step onTooLong) {
        this.exchange = exchange;
        this.purpose = purpose;
        this.chunks = chunks;
        this.tooLong = tooLong;
        this.onEnd = onEnd;
        this.onTooLong = onTooLong;
    }

    /**
     * Reads {@code channel}, the request channel of {@code exchange}.
     *
     * @param purpose   what the body is read for, for the log: {@code "mirror it"}
     * @param tooLong   whether a body of that many bytes is longer than wanted, tested after each chunk
     */
    static void read(HttpServerExchange exchange, StreamSourceChannel channel, String purpose, Chunks chunks,
            LongPredicate tooLong, Step onEnd, Step onTooLong) {
        new RequestBodyReader(exchange, purpose, chunks, tooLong, onEnd, onTooLong).handleEvent(channel);
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
        try {
            while (true) {
                buffer.clear();
                int count = source.read(buffer);
                if (count == 0) {
                    source.getReadSetter().set(this);
                    source.resumeReads();
                    return;
                }
                if (count < 0) {
                    stop(source);
                    onEnd.run();
                    return;
                }
                chunks.append(buffer.array(), count);
                read += count;
                if (tooLong.test(read)) {
                    stop(source);
                    onTooLong.run();
                    return;
                }
            }
        } catch (IOException e) {
            stop(source);
            LOG.debug("{} {}: reading the request body to {} failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), purpose, e.toString());
            exchange.setPersistent(false);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection());
            } else {
                exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
                exchange.endExchange();
            }
        }
    }

    private static void stop(StreamSourceChannel source) {
        source.suspendReads();
        source.getReadSetter().set(null);
    }
}
