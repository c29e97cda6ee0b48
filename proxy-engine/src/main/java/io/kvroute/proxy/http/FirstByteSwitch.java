package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Buffers;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;

/**
 * Serves TLS and plain HTTP on one port as Traefik's entry points do: reads a connection's first bytes without
 * consuming them (they are put back under the connection) and hands it to the TLS listener when the first byte opens
 * a TLS handshake record ({@value #TLS_HANDSHAKE}), else to the plain one. A client that sends nothing within the
 * timeout, or closes first, is disconnected. The first read is tried as soon as the connection is accepted, as
 * Undertow's own listener does: most clients have sent their first bytes by then, and such a connection costs no
 * timer and no read registration. IO thread only.
 */
final class FirstByteSwitch implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(FirstByteSwitch.class);
    /** The content type of a TLS handshake record (RFC 8446 section 5.1), a ClientHello's first byte. */
    static final int TLS_HANDSHAKE = 0x16;
    private static final int FIRST_READ_BYTES = 1024;
    /** Where the first read lands, on each IO thread: only the bytes read are kept, in a buffer of their size. */
    private static final ThreadLocal<ByteBuffer> FIRST_READ =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(FIRST_READ_BYTES));

    private final String entryPoint;
    private final ChannelListener<StreamConnection> tls;
    private final ChannelListener<StreamConnection> plain;
    private final long timeoutMillis;

    FirstByteSwitch(String entryPoint, ChannelListener<StreamConnection> tls, ChannelListener<StreamConnection> plain,
            long timeoutMillis) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.tls = requireNonNull(tls, "tls");
        this.plain = requireNonNull(plain, "plain");
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        FirstBytes first = new FirstBytes(connection);
        if (!first.readOnce(connection.getSourceChannel())) {
            first.await();
        }
    }

    /** One connection's first bytes, read at once when they are there, else when they arrive. */
    private final class FirstBytes implements ChannelListener<ConduitStreamSourceChannel> {
        private final StreamConnection connection;
        private XnioExecutor.Key timeout;

        FirstBytes(StreamConnection connection) {
            this.connection = connection;
        }

        /** Waits for the first bytes, closing the connection when none come within the timeout. */
        void await() {
            timeout = connection.getIoThread().executeAfter(() -> {
                LOG.debug("{}: nothing from {} within {} ms", entryPoint, connection.getPeerAddress(), timeoutMillis);
                IoUtils.safeClose(connection);
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            connection.getSourceChannel().getReadSetter().set(this);
            connection.getSourceChannel().resumeReads();
        }

        @Override
        public void handleEvent(ConduitStreamSourceChannel source) {
            readOnce(source);
        }

        /** Ends the wait of {@link #await}, if any, before the connection is handed on or closed. */
        private void stopWaiting(ConduitStreamSourceChannel source) {
            if (timeout != null) {
                source.suspendReads();
                source.getReadSetter().set(null);
                timeout.remove();
            }
        }

        /** Reads once; true when the connection is decided (handed on or closed), false when nothing was there. */
        boolean readOnce(ConduitStreamSourceChannel source) {
            ByteBuffer landing = FIRST_READ.get().clear();
            int count;
            try {
                count = source.read(landing);
            } catch (IOException e) {
                stopWaiting(source);
                LOG.debug("{}: reading the first bytes from {} failed: {}", entryPoint, connection.getPeerAddress(),
                        e.getMessage());
                IoUtils.safeClose(connection);
                return true;
            }
            if (count == 0) {
                return false;
            }
            stopWaiting(source);
            if (count < 0) {
                IoUtils.safeClose(connection);
                return true;
            }
            ByteBuffer first = ByteBuffer.allocate(count).put(landing.flip()).flip();
            boolean isTls = (first.get(0) & 0xff) == TLS_HANDSHAKE;
            PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(source.getConduit());
            pushBack.pushBack(Buffers.pooledWrapper(first));
            source.setConduit(pushBack);
            (isTls ? tls : plain).handleEvent(connection);
            return true;
        }
    }
}
