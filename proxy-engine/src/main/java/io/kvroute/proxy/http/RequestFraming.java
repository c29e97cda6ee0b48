package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.FixedLengthStreamSourceConduit;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.conduits.StreamSourceConduit;

/**
 * HTTP/1.x request framing as strict as nginx (RFC 9112 section 6), checked before anything else sees the request:
 * <ul>
 *   <li>{@code Transfer-Encoding} only in HTTP/1.1 (else 400) and only exactly {@code chunked}, any case (else 501:
 *   Undertow decodes any other value as chunked and forwards it unchanged);</li>
 *   <li>{@code Content-Length} only as 1 to 18 decimal digits (else 400). Undertow itself already refuses both headers
 *   together and either one twice.</li>
 * </ul>
 * A refused request is answered and its connection closed without reading the body, so nothing pipelined after it is
 * read. A request with a body has a {@link BodyGuard} put under Undertow's body decoding, which turns a body that
 * breaks off into a 400 and an aborted upstream request (see {@link BrokenBody}). HTTP/2 frames bodies itself and
 * passes unchecked. Runs on the IO thread and never blocks.
 */
public final class RequestFraming implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestFraming.class);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,18}");

    private final HttpHandler next;

    public RequestFraming(HttpHandler next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection) || frameBody(exchange, connection)) {
            next.handleRequest(exchange);
        }
    }

    /** Checks the framing headers and guards the body; false if the request was refused. */
    private static boolean frameBody(HttpServerExchange exchange, HttpServerConnection connection) {
        HeaderValues encoding = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        HeaderValues length = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
        if (encoding != null) {
            if (!exchange.isHttp11()) {
                return refuse(exchange, StatusCodes.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!"chunked".equalsIgnoreCase(encoding.getFirst())) {
                return refuse(exchange, StatusCodes.NOT_IMPLEMENTED,
                        "Transfer-Encoding '" + encoding.getFirst() + "' (expected: chunked)");
            }
            return guard(exchange, connection, BodyFraming.chunked(),
                    below -> new ChunkedStreamSourceConduit(below, exchange, decoder -> {
                        if (!decoder.isFinished()) {
                            exchange.setPersistent(false);
                        }
                        Connectors.terminateRequest(exchange);
                    }));
        }
        if (length != null) {
            if (!CONTENT_LENGTH.matcher(length.getFirst()).matches()) {
                return refuse(exchange, StatusCodes.BAD_REQUEST,
                        "Content-Length '" + length.getFirst() + "' (expected: 1 to 18 decimal digits)");
            }
            long bytes = Long.parseLong(length.getFirst());
            return bytes == 0 || guard(exchange, connection, BodyFraming.length(bytes),
                    below -> new FixedLengthStreamSourceConduit(below, bytes, decoder -> {
                        if (decoder.getRemaining() > 0) {
                            exchange.setPersistent(false);
                        }
                        Connectors.terminateRequest(exchange);
                    }, exchange));
        }
        return true;
    }

    /** How Undertow decodes the body, over the guarded bytes. */
    private interface Decoding {
        StreamSourceConduit over(StreamSourceConduit below);
    }

    /**
     * Rebuilds the connection's body decoding as Undertow sets it up (its decoder over the read-ahead bytes over the
     * socket) with a {@link BodyGuard} right above the socket. The read-ahead bytes, read with the head, are checked
     * here, as the guard never sees them.
     */
    private static boolean guard(HttpServerExchange exchange, HttpServerConnection connection, BodyFraming framing,
            Decoding decoding) {
        PooledByteBuffer readAhead = connection.getExtraBytes();
        if (readAhead != null) {
            ByteBuffer bytes = readAhead.getBuffer();
            if (framing.scan(bytes, bytes.position(), bytes.limit()) < bytes.limit()) {
                return refuse(exchange, StatusCodes.BAD_REQUEST, framing.problem());
            }
        }
        StreamSourceConduit guarded = new BodyGuard(connection.getOriginalSourceConduit(), framing, exchange);
        connection.getChannel().getSourceChannel()
                .setConduit(decoding.over(new ReadDataStreamSourceConduit(guarded, connection)));
        return true;
    }

    private static boolean refuse(HttpServerExchange exchange, int status, String problem) {
        LOG.debug("{} {} from {} refused with {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getSourceAddress(), status, problem);
        exchange.setPersistent(false);
        Connectors.terminateRequest(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(status + " " + StatusCodes.getReason(status).toLowerCase(Locale.ROOT)
                + ": " + problem + "\n");
        return false;
    }
}
