package io.kvroute.proxy.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.protocols.http2.AbstractHttp2StreamSourceChannel;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2GoAwayParser;
import io.undertow.server.protocol.framed.FrameHeaderData;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * The client side of an HTTP/2 connection that a graceful GOAWAY from the server drains rather than breaks, as Go's
 * HTTP/2 transport does: no new stream is opened on it ({@link #whenGoneAway}), the streams the server said it
 * processes (up to the GOAWAY's last stream id) end normally, and the connection is closed once they have.
 * <p>
 * It exists because Undertow 2.3.27's {@code Http2Channel.createChannelImpl} resets every open stream and sends its
 * own GOAWAY as it parses the server's, whatever the last stream id: nginx sends GOAWAY ({@code NO_ERROR}) as it reads
 * the last request of a connection ({@code keepalive_requests}), before answering it, so that request failed. Here a
 * {@code NO_ERROR} GOAWAY does not reach that code; a GOAWAY with an error code still does (the connection breaks).
 * The frame's parser is a package-private field of Undertow's frame header, read through a {@link VarHandle}
 * ({@link UndertowInternals}; where another Undertow version has it otherwise, GOAWAY is left to Undertow).
 * Used on the connection's I/O thread.
 */
final class GoAwayChannel extends Http2Channel {
    private static final Logger LOG = LoggerFactory.getLogger(GoAwayChannel.class);
    /** The frame's parser in Undertow's frame header; none (another Undertow version): every GOAWAY breaks. */
    private static final Optional<VarHandle> FRAME_PARSER = UndertowInternals.find("a server's graceful GOAWAY breaks"
            + " the HTTP/2 connection and its streams, as Undertow handles it",
            new UndertowInternals.Field("io.undertow.protocols.http2.Http2FrameHeaderParser", "parser",
                    "io.undertow.protocols.http2.Http2PushBackParser"))
            .map(found -> found.field(0));

    private Runnable goneAway = () -> { };
    private boolean draining;

    GoAwayChannel(StreamConnection connection, ByteBufferPool bufferPool, OptionMap options) {
        super(connection, null, bufferPool, null, true, false, options);
    }

    /** Whether Undertow's frame parser was found (else every GOAWAY is left to Undertow). */
    static boolean reachesUndertowInternals() {
        return FRAME_PARSER.isPresent();
    }

    /** Runs {@code action} once the server's graceful GOAWAY has been read (at once if it already has). */
    void whenGoneAway(Runnable action) {
        goneAway = action;
        if (draining) {
            action.run();
        }
    }

    /** Whether the server's graceful GOAWAY has been read. */
    boolean goneAway() {
        return draining;
    }

    @Override
    protected AbstractHttp2StreamSourceChannel createChannelImpl(FrameHeaderData frameHeaderData,
            PooledByteBuffer frameData) throws IOException {
        if (FRAME_PARSER.isPresent() && FRAME_PARSER.get().get(frameHeaderData) instanceof Http2GoAwayParser goAway
                && goAway.getStatusCode() == ERROR_NO_ERROR) {
            IoUtils.safeClose(frameData);
            LOG.debug("{} sent GOAWAY (last stream {}): no new streams on the connection, it closes once its streams"
                    + " ended", getPeerAddress(), goAway.getLastGoodStreamId());
            if (!draining) {
                draining = true;
                goneAway.run();
            }
            return null;
        }
        return super.createChannelImpl(frameHeaderData, frameData);
    }
}
