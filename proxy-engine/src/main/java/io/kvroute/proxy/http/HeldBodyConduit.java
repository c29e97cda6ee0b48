package io.kvroute.proxy.http;

import io.kvroute.proxy.middleware.BufferedBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.EmptyStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A held response body ({@link HeldResponse}) read as the server's body would be, from one position over its
 * {@link BufferedBody} however many reads brought it; always readable. The body is closed (its temporary file freed)
 * once read to its end or when reads are terminated.
 */
final class HeldBodyConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private static final Logger LOG = LoggerFactory.getLogger(HeldBodyConduit.class);

    private final BufferedBody body;
    private long position;

    HeldBodyConduit(BufferedBody body, XnioIoThread ioThread) {
        super(new EmptyStreamSourceConduit(ioThread));
        this.body = body;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int count = body.read(position, dst);
        if (count < 0) {
            close();
            return next.read(dst);
        }
        position += count;
        return count;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            while (dsts[i].hasRemaining()) {
                int count = read(dsts[i]);
                if (count < 0) {
                    return total == 0 ? -1 : total;
                }
                total += count;
            }
        }
        return total;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    @Override
    public void terminateReads() throws IOException {
        close();
        super.terminateReads();
    }

    private void close() {
        try {
            body.close();
        } catch (IOException e) {
            LOG.warn("closing a held response body's temporary file failed: {}", e.toString());
        }
    }
}
