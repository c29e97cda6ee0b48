package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The client's request body as the proxy reads it to send it on, telling once when it has been read to its end: the
 * moment the whole request is on its way to the server, from which its response headers are awaited.
 */
final class RequestBodyEnd extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final Runnable atEnd;
    private boolean ended;

    RequestBodyEnd(StreamSourceConduit next, Runnable atEnd) {
        super(next);
        this.atEnd = requireNonNull(atEnd, "atEnd");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read = next.read(dst);
        noteEnd(read);
        return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        long read = next.read(dsts, offs, len);
        noteEnd(read);
        return read;
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        long read = next.transferTo(count, throughBuffer, target);
        noteEnd(read);
        return read;
    }

    private void noteEnd(long read) {
        if (read < 0 && !ended) {
            ended = true;
            atEnd.run();
        }
    }
}
