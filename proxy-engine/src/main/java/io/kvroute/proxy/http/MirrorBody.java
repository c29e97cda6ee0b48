package io.kvroute.proxy.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads the body of a mirrored request before it is forwarded, as Traefik's mirroring does, so that the mirrors can
 * get it: up to the copies' {@code maxBodySize} plus one byte, then hands every byte read back to the exchange, which
 * forwards the body as it came. A longer body (or one behind {@code Expect: 100-continue}, which the origin answers)
 * is not kept: the copies that carry the body are not sent. The main request waits for the read, never for a mirror.
 */
final class MirrorBody {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorBody.class);
    private static final int READ_BYTES = 16 * 1024;

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
        new Reading(exchange, channel, mirrored, mirrored.bodyLimit(budget), then).handleEvent(channel);
    }

    private static final class Reading implements ChannelListener<StreamSourceChannel> {
        private final HttpServerExchange exchange;
        private final StreamSourceChannel channel;
        private final MirroredRequest mirrored;
        private final long limit;
        private final Runnable then;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Reading(HttpServerExchange exchange, StreamSourceChannel channel, MirroredRequest mirrored, long limit,
                Runnable then) {
            this.exchange = exchange;
            this.channel = channel;
            this.mirrored = mirrored;
            this.limit = limit;
            this.then = then;
        }

        @Override
        public void handleEvent(StreamSourceChannel source) {
            ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
            try {
                while (true) {
                    buffer.clear();
                    int read = source.read(buffer);
                    if (read == 0) {
                        source.getReadSetter().set(this);
                        source.resumeReads();
                        return;
                    }
                    if (read < 0) {
                        handBack(Optional.of(body.toByteArray()));
                        return;
                    }
                    body.write(buffer.array(), 0, read);
                    if (body.size() > limit) {
                        handBack(Optional.empty());
                        return;
                    }
                }
            } catch (IOException e) {
                source.suspendReads();
                source.getReadSetter().set(null);
                LOG.debug("{} {}: reading the request body to mirror it failed: {}", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e.toString());
                exchange.setPersistent(false);
                if (exchange.isResponseStarted()) {
                    IoUtils.safeClose(exchange.getConnection());
                } else {
                    exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
                    exchange.endExchange();
                }
            }
        }

        /** Gives every byte read back to the exchange and goes on; {@code kept} is what the mirrors get. */
        private void handBack(Optional<byte[]> kept) {
            channel.suspendReads();
            channel.getReadSetter().set(null);
            mirrored.bodyRead(kept);
            if (body.size() > 0) {
                Connectors.ungetRequestBytes(exchange,
                        new PooledByteBuffer[] {new ImmediatePooledByteBuffer(ByteBuffer.wrap(body.toByteArray()))});
                Connectors.resetRequestChannel(exchange);
            }
            then.run();
        }
    }
}
