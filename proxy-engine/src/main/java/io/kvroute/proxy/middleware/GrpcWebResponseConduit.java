package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ascii;
import io.kvroute.kv.layout.v1.CanonicalHeaderKey;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The body of a gRPC-Web answer: the server's body as it comes, then its trailers as one last length-prefixed frame
 * (flag byte {@code 0x80}, a 4-byte big-endian length, then {@code name: value\r\n} lines with lower-case names in
 * name order, as Go's {@code http.Header.Write} writes them), and no HTTP trailers. For the text format every byte is
 * base64, padded wherever the body is flushed (Go's encoder is closed at each flush) and the trailer frame encoded on
 * its own. The body is taken only as fast as the client reads it: nothing new is accepted while encoded bytes wait.
 */
final class GrpcWebResponseConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final HttpString EXPOSE_HEADERS = HttpString.tryFromString("Access-Control-Expose-Headers");

    private final HttpServerExchange exchange;
    private final boolean text;
    private ByteBuffer waiting = NOTHING;
    /** Text format: bytes of the body not yet encoded, fewer than a base64 group (3). */
    private final ByteArrayOutputStream unencoded = new ByteArrayOutputStream(3);
    private boolean ended;
    private boolean nextEnded;

    GrpcWebResponseConduit(StreamSinkConduit next, HttpServerExchange exchange, boolean text) {
        super(next);
        this.exchange = requireNonNull(exchange, "exchange");
        this.text = text;
    }

    /**
     * The answer's headers as the gRPC-Web client gets them: {@code application/grpc} replaced by {@code clientType}
     * in the type, no {@code Trailer} and no {@code Content-Length} (the body grows by the trailer frame), and every
     * header name (Go's canonical case, in name order where Go's is random) plus {@code grpc-status, grpc-message}
     * exposed to the browser.
     */
    static void prepareHeaders(HeaderMap headers, String clientType) {
        headers.remove(Headers.TRAILER);
        headers.remove(Headers.CONTENT_LENGTH);
        HeaderValues types = headers.get(Headers.CONTENT_TYPE);
        if (types != null) {
            List<String> replaced = types.stream()
                    .map(type -> replaceFirst(type, GrpcWebHandler.GRPC, clientType)).toList();
            headers.putAll(Headers.CONTENT_TYPE, replaced);
        }
        Set<String> names = new TreeSet<>();
        headers.getHeaderNames().forEach(name -> names.add(CanonicalHeaderKey.of(name.toString())));
        List<String> exposed = new ArrayList<>(names);
        exposed.add("grpc-status");
        exposed.add("grpc-message");
        headers.put(EXPOSE_HEADERS, String.join(", ", exposed));
    }

    /** {@code value} with the first {@code old} replaced by {@code replacement}, as Go's {@code strings.Replace(.., 1)}. */
    static String replaceFirst(String value, String old, String replacement) {
        int at = value.indexOf(old);
        return at < 0 ? value : value.substring(0, at) + replacement + value.substring(at + old.length());
    }

    /**
     * The trailer frame for {@code trailers}, leaving out {@code Trailer} and names the response headers already have
     * (as Traefik's wrapper does).
     */
    static byte[] trailerFrame(HeaderMap trailers, HeaderMap responseHeaders) {
        TreeMap<String, List<String>> lines = new TreeMap<>();
        if (trailers != null) {
            for (HeaderValues values : trailers) {
                String name = Ascii.toLowerCase(values.getHeaderName().toString());
                if (!name.equals("trailer") && !responseHeaders.contains(values.getHeaderName())) {
                    lines.computeIfAbsent(name, absent -> new ArrayList<>()).addAll(values);
                }
            }
        }
        StringBuilder block = new StringBuilder();
        lines.forEach((name, values) -> values.forEach(value -> block.append(name).append(": ")
                .append(value.replace('\n', ' ').replace('\r', ' ').strip()).append("\r\n")));
        byte[] payload = block.toString().getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0x80).putInt(payload.length).put(payload).array();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!drain()) {
            return 0;
        }
        int taken = src.remaining();
        byte[] body = new byte[taken];
        src.get(body);
        waiting = ByteBuffer.wrap(text ? encodeWhole(body) : body);
        drain();
        return taken;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long taken = 0;
        for (int i = offs; i < offs + len; i++) {
            if (!srcs[i].hasRemaining()) {
                continue;
            }
            int written = write(srcs[i]);
            taken += written;
            if (written == 0) {
                break;
            }
        }
        return taken;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offs, len);
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
    public boolean flush() throws IOException {
        if (!drain()) {
            return false;
        }
        if (text && unencoded.size() > 0) {
            waiting = ByteBuffer.wrap(padded());
            if (!drain()) {
                return false;
            }
        }
        if (ended && !nextEnded) {
            nextEnded = true;
            next.terminateWrites();
        }
        return next.flush();
    }

    /** Queues the trailer frame; the conduit below is ended once it is written ({@link #flush()}). */
    @Override
    public void terminateWrites() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        HeaderMap trailers = exchange.removeAttachment(HttpAttachments.RESPONSE_TRAILERS);
        byte[] frame = trailerFrame(trailers, exchange.getResponseHeaders());
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(waiting.array(), waiting.arrayOffset() + waiting.position(), waiting.remaining());
        if (text) {
            rest.write(padded());
            frame = Base64.getEncoder().encode(frame);
        }
        rest.write(frame);
        waiting = ByteBuffer.wrap(rest.toByteArray());
    }

    /** Text format: {@code body} after the bytes held back, encoded but for the last bytes of an incomplete group. */
    private byte[] encodeWhole(byte[] body) {
        unencoded.write(body, 0, body.length);
        byte[] all = unencoded.toByteArray();
        int whole = all.length - all.length % 3;
        unencoded.reset();
        unencoded.write(all, whole, all.length - whole);
        return Base64.getEncoder().encode(Arrays.copyOf(all, whole));
    }

    /** Text format: the bytes held back, encoded with padding (Go's encoder closed at a flush). */
    private byte[] padded() {
        byte[] encoded = Base64.getEncoder().encode(unencoded.toByteArray());
        unencoded.reset();
        return encoded;
    }

    /** Writes what waits to the conduit below; true when nothing waits any more. */
    private boolean drain() throws IOException {
        while (waiting.hasRemaining()) {
            if (next.write(waiting) == 0) {
                return false;
            }
        }
        return true;
    }
}
