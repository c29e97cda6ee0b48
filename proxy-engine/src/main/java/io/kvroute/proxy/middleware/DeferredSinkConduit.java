package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * A response conduit that holds back the conduit below it, created only once the response's headers are settled
 * (Undertow's own {@code DeflatingStreamSinkConduit} works this way): the body may be held, dropped or rewritten until
 * then. This class keeps the plumbing such a conduit needs: the writer's resume/suspend state carried over to the
 * conduit below once it exists, writes ended on it once, and the writer called back while no conduit is below.
 *
 * <p>Undertow puts a response's conduits in place with {@code ConduitStreamSinkChannel.setConduit}, which gives them
 * no write-ready handler; until the conduit below exists this conduit alone says when the channel is writable, so it
 * starts with a handler that calls the exchange's sink channel's write listener. Without it a writer waiting for the
 * channel (the proxy's transfer ending the body with {@code wakeupWrites}) was never called back and the response
 * hung until a timeout closed the exchange.
 */
public abstract class DeferredSinkConduit implements StreamSinkConduit {
    private final ConduitFactory<StreamSinkConduit> factory;
    private final HttpServerExchange exchange;
    private volatile StreamSinkConduit next;
    private WriteReadyHandler writeReadyHandler;
    private boolean writesResumed;
    private boolean shutdown;
    private boolean nextShutdown;

    protected DeferredSinkConduit(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        this.factory = requireNonNull(factory, "factory");
        this.exchange = requireNonNull(exchange, "exchange");
        this.writeReadyHandler = new WriteReadyHandler.ChannelListenerHandler<>(
                Connectors.getConduitSinkChannel(exchange));
    }

    /** The exchange whose response this conduit carries. */
    protected final HttpServerExchange exchange() {
        return exchange;
    }

    /** The conduit below, or null while it is held back. */
    protected final StreamSinkConduit next() {
        return next;
    }

    /** Creates the conduit below (the response's headers must be final now), resumed if the writer asked for writes. */
    protected final StreamSinkConduit createNext() {
        StreamSinkConduit created = factory.create();
        next = created;
        if (writesResumed) {
            created.resumeWrites();
        }
        return created;
    }

    /** Records that the writer ended the body: writes after this fail, {@link #isWriteShutdown()} says true. */
    protected final void markShutdown() {
        shutdown = true;
    }

    /** Ends writes on the conduit below once this one is shut down (once only), then flushes it. */
    protected final boolean flushNext() throws IOException {
        if (shutdown && !nextShutdown) {
            nextShutdown = true;
            next.terminateWrites();
        }
        return next.flush();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                int written = write(srcs[i]);
                total += written;
                if (written == 0 || srcs[i].hasRemaining()) {
                    return total;
                }
            }
        }
        return total;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offset, length);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return src.transferTo(position, count, new ConduitWritableByteChannel(this));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
    }

    @Override
    public boolean isWriteShutdown() {
        return shutdown;
    }

    @Override
    public void suspendWrites() {
        writesResumed = false;
        if (next != null) {
            next.suspendWrites();
        }
    }

    @Override
    public void resumeWrites() {
        writesResumed = true;
        if (next != null) {
            next.resumeWrites();
        } else {
            queueWriteReady();
        }
    }

    @Override
    public void wakeupWrites() {
        if (next != null) {
            next.wakeupWrites();
        } else {
            resumeWrites();
        }
    }

    @Override
    public boolean isWriteResumed() {
        return next != null ? next.isWriteResumed() : writesResumed;
    }

    @Override
    public void awaitWritable() throws IOException {
        if (next != null) {
            next.awaitWritable();
        }
    }

    @Override
    public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
        if (next != null) {
            next.awaitWritable(time, timeUnit);
        }
    }

    @Override
    public XnioIoThread getWriteThread() {
        return exchange.getIoThread();
    }

    @Override
    public void setWriteReadyHandler(WriteReadyHandler handler) {
        this.writeReadyHandler = handler;
    }

    @Override
    public XnioWorker getWorker() {
        return exchange.getConnection().getWorker();
    }

    /** While no conduit is below and the body is open, this one is always writable: say so, as long as asked. */
    private void queueWriteReady() {
        exchange.getIoThread().execute(() -> {
            if (next == null && !shutdown && writesResumed) {
                writeReadyHandler.writeReady();
                if (next == null && !shutdown && writesResumed) {
                    queueWriteReady();
                }
            }
        });
    }
}
