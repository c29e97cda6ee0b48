package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Sits between the client's socket and Undertow's body decoding and lets only validly framed body bytes up (see
 * {@link BodyFraming}). When the framing breaks, or the client's input ends before the body does, it hands up
 * nothing more, stops reading, never reports the end of input (which would read as a whole body) and has the exchange
 * answered by {@link BrokenBody}: the upstream request is abandoned, never completed.
 */
final class BodyGuard extends GuardingSourceConduit {
    private final BodyFraming framing;
    private final HttpServerExchange exchange;
    private boolean broken;

    BodyGuard(StreamSourceConduit next, BodyFraming framing, HttpServerExchange exchange) {
        super(next);
        this.framing = requireNonNull(framing, "framing");
        this.exchange = requireNonNull(exchange, "exchange");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (broken) {
            return 0;
        }
        int start = dst.position();
        int read = next.read(dst);
        if (read < 0) {
            if (!framing.complete()) {
                breakOff("the client's input ended " + (framing instanceof ChunkedFraming
                        ? "before the last chunk" : "before Content-Length bytes"));
                return 0;
            }
            return read;
        }
        int validEnd = framing.scan(dst, start, start + read);
        if (validEnd < start + read) {
            dst.position(validEnd);
            breakOff(framing.problem());
        }
        return validEnd - start;
    }

    @Override
    boolean stopped() {
        return broken;
    }

    @Override
    String stopReason() {
        return BrokenBody.MESSAGE;
    }

    private void breakOff(String problem) {
        broken = true;
        next.suspendReads();
        exchange.getIoThread().execute(() -> BrokenBody.answer(exchange, problem));
    }
}
