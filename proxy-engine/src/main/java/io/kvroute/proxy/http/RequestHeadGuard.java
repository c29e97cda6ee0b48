package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Sits right above a client connection's socket, below everything of Undertow, and lets request heads up only once
 * {@link RequestHeadScanner} read them. A head it refuses goes up with its first offending byte replaced by NUL, which
 * Undertow's parser refuses anywhere in a head: Undertow answers {@code 400 Bad Request} and closes the connection in
 * its own order (after answering the requests before it), and nothing of it is forwarded. After a refused head, a head
 * whose framing is refused or a body whose framing broke, nothing more goes up and reading stops: the connection ends
 * with that request. After a switch of protocols ({@link #switchedProtocols()}) or an HTTP/2 preface every byte passes.
 */
public final class RequestHeadGuard extends AbstractStreamSourceConduit<StreamSourceConduit> {
    /** NUL: no token, no field value, no request line may hold it, so Undertow answers the head with 400. */
    private static final byte REFUSED_OCTET = 0;
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadGuard.class);

    private final RequestHeadScanner scanner = new RequestHeadScanner();

    public RequestHeadGuard(StreamSourceConduit next) {
        super(requireNonNull(next, "next"));
    }

    /** The connection switched protocols ({@code 101}): what follows is no HTTP/1 request and passes unread. */
    public void switchedProtocols() {
        scanner.switchedProtocols();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (stopped()) {
            return 0;
        }
        int start = dst.position();
        int read = next.read(dst);
        if (read <= 0 || scanner.phase() == RequestHeadScanner.Phase.PASSING) {
            return read;
        }
        int end = scanner.scan(dst, start, start + read);
        if (scanner.phase() == RequestHeadScanner.Phase.REFUSED) {
            LOG.debug("request head refused with 400: {}", scanner.problem());
            dst.put(end - 1, REFUSED_OCTET);
        }
        if (stopped()) {
            next.suspendReads();
        }
        dst.position(end);
        return end - start;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        if (scanner.phase() == RequestHeadScanner.Phase.PASSING) {
            return next.read(dsts, offset, length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        if (scanner.phase() == RequestHeadScanner.Phase.PASSING) {
            return next.transferTo(position, count, target);
        }
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        if (scanner.phase() == RequestHeadScanner.Phase.PASSING) {
            return next.transferTo(count, throughBuffer, target);
        }
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    @Override
    public void resumeReads() {
        if (!stopped()) {
            super.resumeReads();
        }
    }

    @Override
    public void wakeupReads() {
        if (!stopped()) {
            super.wakeupReads();
        }
    }

    @Override
    public void awaitReadable() throws IOException {
        if (stopped()) {
            throw new IOException("request stream ended: " + scanner.phase());
        }
        super.awaitReadable();
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
        if (stopped()) {
            throw new IOException("request stream ended: " + scanner.phase());
        }
        super.awaitReadable(time, timeUnit);
    }

    private boolean stopped() {
        RequestHeadScanner.Phase phase = scanner.phase();
        return phase == RequestHeadScanner.Phase.REFUSED || phase == RequestHeadScanner.Phase.ENDED;
    }
}
