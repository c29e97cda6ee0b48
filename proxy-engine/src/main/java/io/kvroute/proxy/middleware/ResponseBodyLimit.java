package io.kvroute.proxy.middleware;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * {@code buffering.maxResponseBodyBytes} on one exchange's response, where Traefik (oxy's buffer) holds every response
 * whole and answers 500 {@code Internal Server Error} to one longer than the limit. A response that declares a longer
 * {@code Content-Length} is replaced by that answer before anything is sent. A server's response of undeclared length
 * was already held whole by the proxy client ({@link ResponseHolding}) and is within the limit here; one that a later
 * middleware made of undeclared length (its own body, a rewrite) streams, and is found too long only while it
 * streams: its connection is closed before the byte beyond the limit (the client never gets more than the limit).
 * Responses without a body (to HEAD; 1xx, 204, 304) are not limited.
 */
final class ResponseBodyLimit implements ConduitWrapper<StreamSinkConduit> {
    private static final byte[] REPLACEMENT = StatusCodes.INTERNAL_SERVER_ERROR_STRING.getBytes(StandardCharsets.UTF_8);

    private final long maxBytes;
    private final LongAdder tooLarge;

    ResponseBodyLimit(long maxBytes, LongAdder tooLarge) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (exchange.getRequestMethod().equals(Methods.HEAD) || status < 200 || status == StatusCodes.NO_CONTENT
                || status == StatusCodes.NOT_MODIFIED) {
            return factory.create();
        }
        if (exchange.getResponseContentLength() > maxBytes) {
            tooLarge.increment();
            exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            exchange.getResponseHeaders().clear();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, REPLACEMENT.length);
            return new Replaced(factory.create());
        }
        return new Counted(factory.create(), exchange, maxBytes, tooLarge);
    }

    /** Swallows the server's body and sends {@link #REPLACEMENT} instead when it ends. */
    private static final class Replaced extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final ByteBuffer replacement = ByteBuffer.wrap(REPLACEMENT);
        private boolean ended;
        private boolean nextEnded;

        Replaced(StreamSinkConduit next) {
            super(next);
        }

        @Override
        public int write(ByteBuffer src) {
            int length = src.remaining();
            src.position(src.limit());
            return length;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += write(srcs[i]);
            }
            return written;
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            return Conduits.writeFinalBasic(this, src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return Conduits.writeFinalBasic(this, srcs, offset, length);
        }

        @Override
        public long transferFrom(FileChannel src, long position, long count) throws IOException {
            return Math.max(0, Math.min(count, src.size() - position));
        }

        @Override
        public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
                throws IOException {
            return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
        }

        @Override
        public void terminateWrites() {
            ended = true;
        }

        @Override
        public boolean flush() throws IOException {
            if (!ended) {
                return true;
            }
            while (replacement.hasRemaining()) {
                if (next.write(replacement) == 0) {
                    return false;
                }
            }
            if (!nextEnded) {
                nextEnded = true;
                next.terminateWrites();
            }
            return next.flush();
        }
    }

    /** Passes the body on while it stays within the limit; closes the connection before the byte beyond it. */
    private static final class Counted extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final HttpServerExchange exchange;
        private final long maxBytes;
        private final LongAdder tooLarge;
        private long sent;

        Counted(StreamSinkConduit next, HttpServerExchange exchange, long maxBytes, LongAdder tooLarge) {
            super(next);
            this.exchange = exchange;
            this.maxBytes = maxBytes;
            this.tooLarge = tooLarge;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(src.remaining());
            int written = next.write(src);
            sent += written;
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long remaining = 0;
            for (int i = offset; i < offset + length; i++) {
                remaining += srcs[i].remaining();
            }
            check(remaining);
            long written = next.write(srcs, offset, length);
            sent += written;
            return written;
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            return Conduits.writeFinalBasic(this, src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return Conduits.writeFinalBasic(this, srcs, offset, length);
        }

        @Override
        public long transferFrom(FileChannel src, long position, long count) throws IOException {
            check(Math.min(count, src.size() - position));
            long written = next.transferFrom(src, position, count);
            sent += written;
            return written;
        }

        @Override
        public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
                throws IOException {
            return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
        }

        private void check(long more) throws IOException {
            if (sent + more > maxBytes) {
                tooLarge.increment();
                IoUtils.safeClose(exchange.getConnection());
                throw new IOException("response body longer than maxResponseBodyBytes " + maxBytes);
            }
        }
    }
}
