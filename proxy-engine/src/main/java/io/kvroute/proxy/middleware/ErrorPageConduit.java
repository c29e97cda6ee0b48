package io.kvroute.proxy.middleware;

import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * A caught response, whose status the handler already set to the caught one (or its rewrite): its body is dropped
 * as it comes; once it ended, the error page is asked for, and when it came its headers and body replace the
 * response's. Nothing is sent before: the
 * conduit below is created only with the page's headers in place. While the page is on its way a flush answers
 * false, and the writer waiting for the channel is woken when the page can be written.
 *
 * <p>Until the conduit below exists, this conduit alone says when the channel is writable, through the write-ready
 * handler of the exchange's sink channel, given at construction as Undertow's own deflating conduit does: Undertow
 * puts a response's conduits in place with {@code ConduitStreamSinkChannel.setConduit}, which gives them none. Without
 * it the proxy's transfer, ending the body with {@code wakeupWrites}, was never called back, the body's end never
 * reached {@link #terminateWrites}, and the page was asked for only once the proxy's request timeout had closed the
 * exchange.
 */
final class ErrorPageConduit implements StreamSinkConduit {
    private static final long BLOCKING_WAIT_MILLIS = 100;

    private final ConduitFactory<StreamSinkConduit> factory;
    private final HttpServerExchange exchange;
    private final int code;
    private final Optional<ServiceRequests.PageRequest> request;
    private final String service;
    private final ServiceRequests services;
    private final LongAdder errorPages;

    private volatile StreamSinkConduit next;
    private WriteReadyHandler writeReadyHandler;
    private boolean writesResumed;
    private boolean shutdown;
    private boolean nextShutdown;
    private volatile ByteBuffer page;

    ErrorPageConduit(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange, int code,
            Optional<ServiceRequests.PageRequest> request, String service, ServiceRequests services,
            LongAdder errorPages) {
        this.factory = factory;
        this.exchange = exchange;
        this.code = code;
        this.request = request;
        this.service = service;
        this.services = services;
        this.errorPages = errorPages;
        this.writeReadyHandler = new WriteReadyHandler.ChannelListenerHandler<>(
                Connectors.getConduitSinkChannel(exchange));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (shutdown) {
            throw new ClosedChannelException();
        }
        int length = src.remaining();
        src.position(src.limit());
        return length;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
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
        if (shutdown) {
            throw new ClosedChannelException();
        }
        return Math.max(0, Math.min(count, src.size() - position));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
    }

    /** The caught body ended: ask for the page, unless the exchange ended meanwhile (closed, timed out). */
    @Override
    public void terminateWrites() {
        if (shutdown) {
            return;
        }
        shutdown = true;
        exchange.getIoThread().execute(() -> {
            if (exchange.isComplete()) {
                return;
            }
            if (request.isEmpty()) {
                pageCame(ServiceRequests.PageResponse.failure(code, StatusCodes.getReason(code) + "\n"));
            } else {
                services.get(service, request.get(), exchange, this::pageCame);
            }
        });
    }

    private void pageCame(ServiceRequests.PageResponse response) {
        if (exchange.isComplete()) {
            return;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        headers.clear();
        for (HeaderValues values : response.headers()) {
            headers.putAll(values.getHeaderName(), values);
        }
        headers.remove(Headers.TRANSFER_ENCODING);
        headers.put(Headers.CONTENT_LENGTH, response.body().length);
        if (!response.failed()) {
            errorPages.increment();
        }
        synchronized (this) {
            page = ByteBuffer.wrap(response.body());
            next = factory.create();
            notifyAll();
        }
        if (writesResumed) {
            next.resumeWrites();
        }
    }

    @Override
    public boolean flush() throws IOException {
        if (next == null) {
            return !shutdown;
        }
        while (page.hasRemaining()) {
            if (next.write(page) == 0) {
                return false;
            }
        }
        if (!nextShutdown) {
            nextShutdown = true;
            next.terminateWrites();
        }
        return next.flush();
    }

    @Override
    public void truncateWrites() throws IOException {
        shutdown = true;
        if (next != null) {
            next.truncateWrites();
        } else {
            IoUtils.safeClose(exchange.getConnection());
        }
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
        } else if (!shutdown) {
            queueWriteReady();
        }
    }

    /** While the caught body is dropped, this conduit is always writable: tell the writer so, as long as it asks. */
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

    @Override
    public void wakeupWrites() {
        resumeWrites();
    }

    @Override
    public boolean isWriteResumed() {
        return next != null ? next.isWriteResumed() : writesResumed;
    }

    /** A blocking writer (a worker thread) waits here for the page, without spinning. */
    @Override
    public void awaitWritable() throws IOException {
        awaitWritable(BLOCKING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
        synchronized (this) {
            if (next == null && shutdown) {
                try {
                    wait(Math.max(1, timeUnit.toMillis(time)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for an error page");
                }
            }
        }
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
}
