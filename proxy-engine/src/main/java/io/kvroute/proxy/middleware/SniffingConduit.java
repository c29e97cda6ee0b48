package io.kvroute.proxy.middleware;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Sets the Content-Type of a response that has none from the bytes of its first write (at most
 * {@link ContentSniffer#SNIFF_LENGTH}), unless a Content-Type or Content-Encoding was set by then; the headers are
 * still unsent at that point, as they go out with the first bytes.
 */
final class SniffingConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final HttpServerExchange exchange;
    private boolean sniffed;

    SniffingConduit(StreamSinkConduit next, HttpServerExchange exchange) {
        super(next);
        this.exchange = exchange;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        sniff(src);
        return super.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length && !sniffed; i++) {
            sniff(srcs[i]);
        }
        return super.write(srcs, offset, length);
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        sniff(src);
        return super.writeFinal(src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length && !sniffed; i++) {
            sniff(srcs[i]);
        }
        return super.writeFinal(srcs, offset, length);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        if (sniffed) {
            return super.transferFrom(src, position, count);
        }
        return src.transferTo(position, count, new ConduitWritableByteChannel(this));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        if (sniffed) {
            return super.transferFrom(source, count, throughBuffer);
        }
        return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
    }

    private void sniff(ByteBuffer src) {
        if (sniffed || !src.hasRemaining()) {
            return;
        }
        sniffed = true;
        HeaderMap headers = exchange.getResponseHeaders();
        String encoding = headers.getFirst(Headers.CONTENT_ENCODING);
        if (headers.contains(Headers.CONTENT_TYPE) || encoding != null && !encoding.isEmpty()) {
            return;
        }
        byte[] head = new byte[Math.min(src.remaining(), ContentSniffer.SNIFF_LENGTH)];
        src.duplicate().get(head);
        headers.put(Headers.CONTENT_TYPE, ContentSniffer.detect(head, head.length));
    }
}
