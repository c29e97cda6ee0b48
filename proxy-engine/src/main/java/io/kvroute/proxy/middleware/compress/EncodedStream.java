package io.kvroute.proxy.middleware.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One response body being encoded in memory: raw bytes go in, the coded bytes produced so far are taken out and
 * written on by the caller. Holds native memory for br and zstd until {@link #close()}.
 */
final class EncodedStream implements AutoCloseable {
    private static final int COPY_SIZE = 8192;

    private final ByteArrayOutputStream coded = new ByteArrayOutputStream();
    private final OutputStream encoder;
    private byte[] copy;
    private boolean closed;

    EncodedStream(ContentCoding coding) {
        this.encoder = coding.newEncoder(coded);
    }

    /** Encodes all of {@code src}. */
    void write(ByteBuffer src) throws IOException {
        if (src.hasArray()) {
            encoder.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        if (copy == null) {
            copy = new byte[COPY_SIZE];
        }
        while (src.hasRemaining()) {
            int length = Math.min(copy.length, src.remaining());
            src.get(copy, 0, length);
            encoder.write(copy, 0, length);
        }
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        encoder.write(bytes, offset, length);
    }

    /** Makes everything written so far decodable from the coded bytes (a sync flush). */
    void flush() throws IOException {
        encoder.flush();
    }

    /** Ends the coded stream (gzip trailer, brotli and zstd end of frame) and frees the encoder. */
    void finish() throws IOException {
        closed = true;
        encoder.close();
    }

    /** The coded bytes produced since the last call. */
    ByteBuffer take() {
        ByteBuffer taken = ByteBuffer.wrap(coded.toByteArray());
        coded.reset();
        return taken;
    }

    /** Frees the encoder if the body never ended (the client went away). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                encoder.close();
            } catch (IOException | RuntimeException e) {
                // The body is abandoned; only the encoder's memory mattered.
            }
        }
    }
}
