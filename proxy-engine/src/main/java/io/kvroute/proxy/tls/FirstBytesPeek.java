package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.Buffers;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;

/**
 * Reads the first bytes of a connection (a whole ClientHello when they open one) until a {@link Reader} can decide
 * where the connection goes, for the TLS entry points ({@link TlsHandshakeListener}) and the TCP routers beside them
 * ({@code io.kvroute.proxy.tcp.TcpEntrySwitch}). The first read is tried as soon as the connection is accepted, as
 * Undertow's own listener does: most clients have sent their first bytes by then, and such a connection costs no
 * timer and no read registration. Only when more must come does it wait for reads, closing the connection when the
 * reader cannot decide within the timeout, when the client closes first, or past {@link #MAX_READ_BYTES}. The bytes
 * read are not consumed: {@link #pushBack} puts them back under the connection for whatever serves it next. IO
 * thread only.
 */
public final class FirstBytesPeek implements ChannelListener<ConduitStreamSourceChannel> {
    /** The most read before a decision: room for the largest ClientHello read in records of any size. */
    public static final int MAX_READ_BYTES = 2 * ClientHelloNames.MAX_BYTES;
    private static final int FIRST_READ_BYTES = 4096;
    /** Where the first read lands, on each IO thread: only the bytes read are kept, in a buffer of their size. */
    private static final ThreadLocal<ByteBuffer> FIRST_READ =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(FIRST_READ_BYTES));

    /** Decides one connection from its first bytes. */
    public interface Reader {
        /** Whether {@code bytes} (the bytes read so far, from position 0 to the limit) suffice to decide. */
        boolean enough(ByteBuffer bytes);

        /**
         * Hands the connection on (after {@link #pushBack}) or closes it, from {@code bytes} (the bytes read, from
         * position 0 to the limit); reads have stopped and nothing waits any more.
         */
        void decide(ByteBuffer bytes);

        /** The connection was closed undecided, for {@code reason}. */
        void closed(String reason);
    }

    private final StreamConnection connection;
    private final Reader reader;
    /** The bytes read so far; null before the first bytes came. */
    private ByteBuffer bytes;
    private XnioExecutor.Key timeout;

    private FirstBytesPeek(StreamConnection connection, Reader reader) {
        this.connection = connection;
        this.reader = reader;
    }

    /** Reads {@code connection}'s first bytes now, and waits for more up to {@code timeoutMillis} if need be. */
    public static void start(StreamConnection connection, long timeoutMillis, Reader reader) {
        FirstBytesPeek peek = new FirstBytesPeek(requireNonNull(connection, "connection"),
                requireNonNull(reader, "reader"));
        if (!peek.readAvailable(connection.getSourceChannel())) {
            peek.timeout = connection.getIoThread().executeAfter(() -> peek.close("nothing decided within "
                    + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
            connection.getSourceChannel().getReadSetter().set(peek);
            connection.getSourceChannel().resumeReads();
        }
    }

    /** Puts {@code bytes} (from position to limit) back under {@code connection}, to be read first. */
    public static void pushBack(StreamConnection connection, ByteBuffer bytes) {
        PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(
                connection.getSourceChannel().getConduit());
        pushBack.pushBack(Buffers.pooledWrapper(bytes));
        connection.getSourceChannel().setConduit(pushBack);
    }

    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        readAvailable(source);
    }

    /** Reads what is there; true when the connection is decided or closed, false when more must come. */
    private boolean readAvailable(ConduitStreamSourceChannel source) {
        try {
            while (true) {
                if (bytes != null && !bytes.hasRemaining()) {
                    if (bytes.capacity() >= MAX_READ_BYTES) {
                        close(MAX_READ_BYTES + " bytes read and nothing decided (a ClientHello is at most "
                                + ClientHelloNames.MAX_BYTES + " bytes)");
                        return true;
                    }
                    bytes = ByteBuffer.allocate(Math.min(Math.max(bytes.capacity() * 2, FIRST_READ_BYTES),
                            MAX_READ_BYTES)).put(bytes.flip());
                }
                int read = bytes == null ? readFirst(source) : source.read(bytes);
                if (read < 0) {
                    close("the client closed before it could be routed");
                    return true;
                }
                if (read == 0) {
                    return false;
                }
                if (reader.enough(bytes.duplicate().flip())) {
                    stopWaiting(source);
                    reader.decide(bytes.flip());
                    return true;
                }
            }
        } catch (IOException e) {
            close("reading the first bytes failed: " + e.getMessage());
            return true;
        }
    }

    /** The first read, through this thread's {@link #FIRST_READ} buffer; what came is kept in {@link #bytes}. */
    private int readFirst(ConduitStreamSourceChannel source) throws IOException {
        ByteBuffer first = FIRST_READ.get().clear();
        int read = source.read(first);
        if (read > 0) {
            bytes = ByteBuffer.allocate(read).put(first.flip());
        }
        return read;
    }

    private void stopWaiting(ConduitStreamSourceChannel source) {
        if (timeout != null) {
            source.suspendReads();
            source.getReadSetter().set(null);
            timeout.remove();
        }
    }

    private void close(String reason) {
        if (timeout != null) {
            timeout.remove();
        }
        IoUtils.safeClose(connection);
        reader.closed(reason);
    }
}
