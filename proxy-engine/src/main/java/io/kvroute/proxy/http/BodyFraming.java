package io.kvroute.proxy.http;

import java.nio.ByteBuffer;

/**
 * Follows a request body byte by byte as it arrives, to tell where it ends and whether its framing breaks before:
 * the strict reader under Undertow's own decoding, which forgives what a proxy must not (see {@link BodyGuard}).
 * Not thread-safe: one instance reads one body on its connection's IO thread.
 */
sealed interface BodyFraming permits ChunkedFraming, LengthFraming {
    /**
     * Reads {@code buffer[from, to)} (absolute positions, the buffer's position untouched) and returns where the
     * body's valid bytes stop: {@code to} if all were valid or the body ended before them (bytes after its end belong
     * to the next request and are not looked at), else the position of the first offending byte, after which
     * {@link #problem()} says what was wrong.
     */
    default int scan(ByteBuffer buffer, int from, int to) {
        int end = scanToEnd(buffer, from, to);
        return complete() ? to : end;
    }

    /**
     * Like {@link #scan}, but tells where the body ends: once it ended in {@code buffer[from, to)} ({@link #complete()}
     * true), the position right after its last byte, so that a reader of the whole connection knows where the next
     * request starts.
     */
    int scanToEnd(ByteBuffer buffer, int from, int to);

    /** True once the body's last byte was read. */
    boolean complete();

    /** What broke the framing, or null while nothing did. */
    String problem();

    /** Framing for a {@code Transfer-Encoding: chunked} body. */
    static BodyFraming chunked() {
        return new ChunkedFraming();
    }

    /** Framing for a body of {@code length} bytes. */
    static BodyFraming length(long length) {
        return new LengthFraming(length);
    }
}
