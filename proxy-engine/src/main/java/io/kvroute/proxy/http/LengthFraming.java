package io.kvroute.proxy.http;

import java.nio.ByteBuffer;

/** A body of a declared {@code Content-Length}: it can only end early, which the connection's end tells. */
final class LengthFraming implements BodyFraming {
    private long remaining;

    LengthFraming(long length) {
        this.remaining = length;
    }

    @Override
    public int scanToEnd(ByteBuffer buffer, int from, int to) {
        long read = Math.min(remaining, to - from);
        remaining -= read;
        return from + (int) read;
    }

    @Override
    public boolean complete() {
        return remaining == 0;
    }

    @Override
    public String problem() {
        return null;
    }
}
