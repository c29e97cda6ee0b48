package io.kvroute.proxy.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads the body of a mirrored request before it is forwarded, as Traefik's mirroring does, so that the mirrors can
 * get it: up to the copies' {@code maxBodySize} plus one byte, then hands every byte read back to the exchange, which
 * forwards the body as it came. A longer body (or one behind {@code Expect: 100-continue}, which the origin answers)
 * is not kept: the copies that carry the body are not sent. The main request waits for the read, never for a mirror.
 */
final class MirrorBody {
    private MirrorBody() {
    }

    /** Reads the body for {@code mirrored} if its copies want it, then runs {@code then} on the exchange's thread. */
    static void read(HttpServerExchange exchange, MirroredRequest mirrored, long budget, Runnable then) {
        if (!mirrored.wantsBody() || mirrored.bodyWasRead()) {
            then.run();
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())) {
            mirrored.bodyRead(Optional.empty());
            then.run();
            return;
        }
        StreamSourceChannel channel = exchange.isRequestComplete() ? null : exchange.getRequestChannel();
        if (channel == null) {
            mirrored.bodyRead(Optional.of(new byte[0]));
            then.run();
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Runnable handBack = () -> {
            if (body.size() > 0) {
                Connectors.ungetRequestBytes(exchange,
                        new PooledByteBuffer[] {new ImmediatePooledByteBuffer(ByteBuffer.wrap(body.toByteArray()))});
                Connectors.resetRequestChannel(exchange);
            }
            then.run();
        };
        long limit = mirrored.bodyLimit(budget);
        RequestBodyReader.read(exchange, channel, "mirror it", (bytes, length) -> body.write(bytes, 0, length),
                read -> read > limit, () -> {
                    mirrored.bodyRead(Optional.of(body.toByteArray()));
                    handBack.run();
                }, () -> {
                    mirrored.bodyRead(Optional.empty());
                    handBack.run();
                });
    }
}
