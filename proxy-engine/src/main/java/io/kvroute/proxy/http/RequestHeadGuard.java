package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Sits right above a client connection's socket, below everything of Undertow, and lets request heads up only once
 * {@link RequestHeadScanner} read them. A head it refuses goes up with its first offending byte replaced by NUL, which
 * Undertow's parser refuses anywhere in a head: Undertow answers {@code 400 Bad Request} and closes the connection in
 * its own order (after answering the requests before it), and nothing of it is forwarded. After a refused head, a head
 * whose framing is refused or a body whose framing broke, nothing more goes up and reading stops: the connection ends
 * with that request. After a switch of protocols ({@link #switchedProtocols()}) or an HTTP/2 preface every byte passes.
 */
public final class RequestHeadGuard extends GuardingSourceConduit {
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
    boolean stopped() {
        RequestHeadScanner.Phase phase = scanner.phase();
        return phase == RequestHeadScanner.Phase.REFUSED || phase == RequestHeadScanner.Phase.ENDED;
    }

    @Override
    String stopReason() {
        return "request stream ended: " + scanner.phase();
    }

    @Override
    boolean passing() {
        return scanner.phase() == RequestHeadScanner.Phase.PASSING;
    }
}
