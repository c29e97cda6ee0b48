package io.kvroute.proxy.middleware;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;
import org.xnio.conduits.StreamSinkConduit;

/**
 * A caught response, whose status the handler already set to the caught one (or its rewrite): its body is dropped
 * as it comes; once it ended, the error page is asked for, and when it came its headers and body replace the
 * response's. Nothing is sent before: the conduit below is created only with the page's headers in place. While the
 * page is on its way a flush answers false, and a blocking writer waits for it.
 */
final class ErrorPageConduit extends DeferredSinkConduit {
    private static final long BLOCKING_WAIT_MILLIS = 100;

    private final int code;
    private final Optional<ServiceRequests.PageRequest> request;
    private final String service;
    private final ServiceRequests services;
    private final LongAdder errorPages;

    private volatile ByteBuffer page;

    ErrorPageConduit(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange, int code,
            Optional<ServiceRequests.PageRequest> request, String service, ServiceRequests services,
            LongAdder errorPages) {
        super(factory, exchange);
        this.code = code;
        this.request = request;
        this.service = service;
        this.services = services;
        this.errorPages = errorPages;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (isWriteShutdown()) {
            throw new ClosedChannelException();
        }
        int length = src.remaining();
        src.position(src.limit());
        return length;
    }

    /** The caught body ended: ask for the page, unless the exchange ended meanwhile (closed, timed out). */
    @Override
    public void terminateWrites() {
        if (isWriteShutdown()) {
            return;
        }
        markShutdown();
        HttpServerExchange exchange = exchange();
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
        if (exchange().isComplete()) {
            return;
        }
        HeaderMap headers = exchange().getResponseHeaders();
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
            createNext();
            notifyAll();
        }
    }

    @Override
    public boolean flush() throws IOException {
        StreamSinkConduit next = next();
        if (next == null) {
            return !isWriteShutdown();
        }
        while (page.hasRemaining()) {
            if (next.write(page) == 0) {
                return false;
            }
        }
        return flushNext();
    }

    @Override
    public void truncateWrites() throws IOException {
        markShutdown();
        if (next() != null) {
            next().truncateWrites();
        } else {
            IoUtils.safeClose(exchange().getConnection());
        }
    }

    /** A blocking writer (a worker thread) waits here for the page, without spinning. */
    @Override
    public void awaitWritable() throws IOException {
        awaitWritable(BLOCKING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
        synchronized (this) {
            if (next() == null && isWriteShutdown()) {
                try {
                    wait(Math.max(1, timeUnit.toMillis(time)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for an error page");
                }
            }
        }
        super.awaitWritable(time, timeUnit);
    }
}
