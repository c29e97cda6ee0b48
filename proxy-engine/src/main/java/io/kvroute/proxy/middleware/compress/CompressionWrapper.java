package io.kvroute.proxy.middleware.compress;

import static java.util.Objects.requireNonNull;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Looks at a response when its body starts, with the coding the request chose: adds {@code Vary: Accept-Encoding}
 * first, and compresses ({@link CompressingConduit}) only a body that may be: a status with a body and not 206, no
 * Content-Encoding, no Content-Range, an accepted Content-Type, and not a length known to be under
 * {@code minBytes}. With gzip, Traefik's gzip library also honours and removes {@code No-Gzip-Compression}, and
 * compresses only when the first Accept-Encoding line itself accepts gzip ({@code acceptsGzip}). It keeps nothing of
 * a response: one wrapper serves every request that negotiated the same.
 */
final class CompressionWrapper implements ConduitWrapper<StreamSinkConduit> {
    private static final HttpString NO_GZIP_COMPRESSION = HttpString.tryFromString("No-Gzip-Compression");
    private static final String ACCEPT_ENCODING = Headers.ACCEPT_ENCODING_STRING;

    private final CompressOptions options;
    private final ContentCoding coding;
    private final boolean mayCompress;
    private final LongAdder compressed;

    CompressionWrapper(CompressOptions options, ContentCoding coding, boolean mayCompress, LongAdder compressed) {
        this.options = requireNonNull(options, "options");
        this.coding = requireNonNull(coding, "coding");
        this.mayCompress = mayCompress;
        this.compressed = requireNonNull(compressed, "compressed");
    }

    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        HeaderMap headers = exchange.getResponseHeaders();
        varyFirst(headers);
        boolean optedOut = false;
        if (coding == ContentCoding.GZIP) {
            optedOut = headers.contains(NO_GZIP_COMPRESSION);
            headers.remove(NO_GZIP_COMPRESSION);
        }
        // the known length first: it settles most small bodies without parsing their Content-Type
        long length = exchange.getResponseContentLength();
        if (!mayCompress || optedOut || length >= 0 && length < options.minBytes() || !compressible(exchange)) {
            return factory.create();
        }
        String type = headers.getFirst(Headers.CONTENT_TYPE);
        boolean typed = type != null && !type.isEmpty();
        return new CompressingConduit(factory, exchange, coding, options, length >= 0 && typed, length < 0,
                compressed);
    }

    private boolean compressible(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (status < 200 || status == StatusCodes.NO_CONTENT || status == StatusCodes.PARTIAL_CONTENT
                || status == StatusCodes.NOT_MODIFIED) {
            return false;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        String encoding = headers.getFirst(Headers.CONTENT_ENCODING);
        if (encoding != null && !encoding.isEmpty() || headers.contains(Headers.CONTENT_RANGE)) {
            return false;
        }
        String type = headers.getFirst(Headers.CONTENT_TYPE);
        return type == null || type.isEmpty() || options.allowsType(type, coding);
    }

    /** {@code Vary: Accept-Encoding} before the server's own Vary values, as Traefik's response has them. */
    private static void varyFirst(HeaderMap headers) {
        HeaderValues existing = headers.get(Headers.VARY);
        List<String> others = existing == null ? List.of() : List.copyOf(existing);
        headers.put(Headers.VARY, ACCEPT_ENCODING);
        headers.addAll(Headers.VARY, others);
    }
}
