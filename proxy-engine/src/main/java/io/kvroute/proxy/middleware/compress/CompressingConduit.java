package io.kvroute.proxy.middleware.compress;

import io.kvroute.proxy.middleware.ContentSniffer;
import io.kvroute.proxy.middleware.DeferredSinkConduit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.conduits.StreamSinkConduit;

/**
 * A response body that may be compressed, decided as the body streams: the first bytes are held until
 * {@code minBytes} have come (compressed from then on, without Content-Length, with Content-Encoding), the body ends
 * first (sent as it is, with its length), or nothing more came for {@link #HOLD_MILLIS} (compressed, as Traefik's
 * proxy flushes a response that pauses, and a stream of small events must not wait). The conduit below is created
 * only once the headers are settled. A body of unknown length is flushed through the encoder after every write, as
 * Traefik flushes such responses after every write; a body of known length is compressed whole.
 */
final class CompressingConduit extends DeferredSinkConduit {
    /** Traefik's default {@code responseForwarding.flushInterval}. */
    static final long HOLD_MILLIS = 100;

    private enum State { DECIDING, COMPRESSING, PLAIN }

    private final ContentCoding coding;
    private final CompressOptions options;
    private final boolean flushEachWrite;
    private final LongAdder compressed;

    private State state;
    private byte[] held = new byte[0];
    private int heldLength;
    private XnioExecutor.Key holdTimer;
    private EncodedStream encoder;
    private ByteBuffer pending;

    /**
     * @param decided        true when the headers already say the body is compressed (a length of at least
     *                       {@code minBytes} and an accepted type): compression starts at once
     * @param flushEachWrite true for a body of unknown length
     */
    CompressingConduit(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange, ContentCoding coding,
            CompressOptions options, boolean decided, boolean flushEachWrite, LongAdder compressed) {
        super(factory, exchange);
        this.coding = coding;
        this.options = options;
        this.flushEachWrite = flushEachWrite;
        this.compressed = compressed;
        this.state = State.DECIDING;
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            release();
            nextListener.proceed();
        });
        if (decided) {
            try {
                startCompressing();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (isWriteShutdown()) {
            throw new ClosedChannelException();
        }
        if (!drainPending()) {
            return 0;
        }
        int length = src.remaining();
        switch (state) {
            case PLAIN -> {
                return next().write(src);
            }
            case COMPRESSING -> {
                encoder.write(src);
                if (flushEachWrite) {
                    encoder.flush();
                }
                queue(encoder.take());
                drainPending();
                return length;
            }
            default -> {
                hold(src);
                if (heldLength >= options.minBytes()) {
                    decide(false, false);
                    drainPending();
                } else if (holdTimer == null && heldLength > 0) {
                    holdTimer = exchange().getIoThread().executeAfter(this::holdExpired, HOLD_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
                return length;
            }
        }
    }

    @Override
    public void terminateWrites() throws IOException {
        if (isWriteShutdown()) {
            return;
        }
        markShutdown();
        if (state == State.DECIDING) {
            decide(true, false);
        }
        if (state == State.COMPRESSING) {
            encoder.finish();
            queue(encoder.take());
        }
    }

    @Override
    public boolean flush() throws IOException {
        if (next() == null) {
            if (heldLength == 0) {
                return true;
            }
            decide(false, true);
        }
        if (state == State.COMPRESSING && !isWriteShutdown()) {
            encoder.flush();
            queue(encoder.take());
        }
        return drainPending() && flushNext();
    }

    @Override
    public void truncateWrites() throws IOException {
        release();
        markShutdown();
        (next() == null ? createNext() : next()).truncateWrites();
    }

    private void hold(ByteBuffer src) {
        int length = src.remaining();
        if (heldLength + length > held.length) {
            held = Arrays.copyOf(held, Math.max(heldLength + length, Math.min(options.minBytes(), 2 * held.length)));
        }
        src.get(held, heldLength, length);
        heldLength += length;
    }

    /** Nothing decided the body yet and it paused: compressed from here, what came so far flushed. */
    private void holdExpired() {
        holdTimer = null;
        if (next() != null || exchange().isComplete()) {
            return;
        }
        try {
            decide(false, true);
            if (state == State.COMPRESSING) {
                encoder.flush();
                queue(encoder.take());
            }
            drainPending();
        } catch (IOException e) {
            IoUtils.safeClose(exchange().getConnection());
        }
    }

    /**
     * Decides with the bytes held: compressed when at least {@code minBytes} came or the body must be flushed
     * ({@code forced}: a flush or a pause, which makes Traefik compress too) and, for a gzip body without Content-Type,
     * its sniffed type is accepted (as Traefik's gzip library checks); else sent as it is, with its length when the
     * body ended.
     */
    private void decide(boolean ended, boolean forced) throws IOException {
        boolean compress = heldLength > 0 && (forced || heldLength >= options.minBytes())
                && (!sniffsType() || options.allowsType(ContentSniffer.detect(held, heldLength), coding));
        if (compress) {
            startCompressing();
            return;
        }
        cancelHoldTimer();
        HeaderMap headers = exchange().getResponseHeaders();
        if (ended && !headers.contains(Headers.TRANSFER_ENCODING)) {
            headers.put(Headers.CONTENT_LENGTH, heldLength);
        }
        state = State.PLAIN;
        createNext();
        queue(ByteBuffer.wrap(held, 0, heldLength));
        held = null;
    }

    private boolean sniffsType() {
        String type = exchange().getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        return coding == ContentCoding.GZIP && (type == null || type.isEmpty());
    }

    private void startCompressing() throws IOException {
        cancelHoldTimer();
        HeaderMap headers = exchange().getResponseHeaders();
        headers.remove(Headers.CONTENT_LENGTH);
        headers.put(Headers.CONTENT_ENCODING, coding.token());
        if (coding == ContentCoding.GZIP) {
            headers.remove(Headers.ACCEPT_RANGES);
        }
        state = State.COMPRESSING;
        compressed.increment();
        encoder = new EncodedStream(coding);
        createNext();
        if (heldLength > 0) {
            encoder.write(held, 0, heldLength);
            if (flushEachWrite) {
                encoder.flush();
            }
        }
        held = null;
        queue(encoder.take());
    }

    private void queue(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            return;
        }
        if (pending == null || !pending.hasRemaining()) {
            pending = bytes;
            return;
        }
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + bytes.remaining());
        joined.put(pending).put(bytes).flip();
        pending = joined;
    }

    /** Writes what is queued for the conduit below; false while some of it could not be written. */
    private boolean drainPending() throws IOException {
        while (pending != null && pending.hasRemaining()) {
            if (next().write(pending) == 0) {
                return false;
            }
        }
        pending = null;
        return true;
    }

    private void cancelHoldTimer() {
        if (holdTimer != null) {
            holdTimer.remove();
            holdTimer = null;
        }
    }

    private void release() {
        cancelHoldTimer();
        if (encoder != null) {
            encoder.close();
        }
    }
}
