package io.kvroute.proxy.testing;

import static java.util.Objects.requireNonNull;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real Undertow server on 127.0.0.1 and an ephemeral port that speaks HTTP/2: in cleartext with prior knowledge
 * ({@link #cleartext}), or h2 by ALPN over TLS ({@link #tls}), HTTP/1.1 to a client that asks for nothing else. It
 * records the protocol of each request and answers in two ways:
 * <ul>
 *   <li>a request with {@code Content-Type: application/grpc...} as a gRPC server does: {@code 200},
 *   {@code Content-Type: application/grpc}, one length-prefixed message {@code "hello " + the request's message}, and
 *   the trailers {@code grpc-status: 0} and {@code grpc-message: done};</li>
 *   <li>any other request with its name as the body and the trailer {@code x-served-by: NAME}.</li>
 * </ul>
 */
public final class Http2Backend implements AutoCloseable {
    /**
     * One request as the server saw it: its protocol ({@code HTTP/2.0}, {@code HTTP/1.1}), its {@code TE}, its
     * {@code Content-Type} ("null" for none), the client's port (one per connection), and its scheme (an HTTP/2
     * request's {@code :scheme}).
     */
    public record Received(String protocol, String te, String contentType, int sourcePort, String scheme) {
    }

    private static final HttpString GRPC_STATUS = HttpString.tryFromString("grpc-status");
    private static final HttpString GRPC_MESSAGE = HttpString.tryFromString("grpc-message");
    private static final HttpString SERVED_BY = HttpString.tryFromString("x-served-by");

    private final String name;
    private final Undertow server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private final List<HttpServerExchange> holding = new ArrayList<>();

    private Http2Backend(String name, SSLContext context, int maxStreams) {
        this.name = requireNonNull(name, "name");
        Undertow.Builder builder = Undertow.builder().setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, maxStreams)
                .setIoThreads(1).setWorkerThreads(2).setHandler(this::answer);
        if (context == null) {
            builder.addHttpListener(0, "127.0.0.1");
        } else {
            builder.addHttpsListener(0, "127.0.0.1", context);
        }
        server = builder.build();
        server.start();
    }

    /** HTTP/2 in cleartext with prior knowledge, HTTP/1.1 otherwise; {@code h2c://127.0.0.1:PORT}. */
    public static Http2Backend cleartext(String name) {
        return new Http2Backend(name, null, -1);
    }

    /** As {@link #cleartext(String)}, allowing {@code maxStreams} streams per connection at once. */
    public static Http2Backend cleartext(String name, int maxStreams) {
        return new Http2Backend(name, null, maxStreams);
    }

    /** TLS presenting what {@code context} holds, h2 or HTTP/1.1 by ALPN; {@code https://127.0.0.1:PORT}. */
    public static Http2Backend tls(String name, SSLContext context) {
        return new Http2Backend(name, requireNonNull(context, "context"), -1);
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** {@code SCHEME://127.0.0.1:PORT}. */
    public String url(String scheme) {
        return scheme + "://127.0.0.1:" + port();
    }

    /**
     * The next {@code requests} plain requests are answered together once the last of them has come, so that they are
     * all in flight at once.
     */
    public void holdAnswersUntil(int requests) {
        held.set(requests);
    }

    private void hold(HttpServerExchange exchange) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            List<HttpServerExchange> release = List.of();
            synchronized (holding) {
                holding.add(exchange);
                if (holding.size() >= held.get()) {
                    release = List.copyOf(holding);
                    holding.clear();
                    held.set(0);
                }
            }
            for (HttpServerExchange waiting : release) {
                waiting.getIoThread().execute(() -> waiting.getResponseSender().send(name));
            }
        });
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        received.add(new Received(exchange.getProtocol().toString(),
                String.valueOf(exchange.getRequestHeaders().getFirst(Headers.TE)), String.valueOf(type),
                exchange.getSourceAddress().getPort(), exchange.getRequestScheme()));
        if (held.get() > 0) {
            hold(exchange);
            return;
        }
        if (type != null && type.startsWith("application/grpc")) {
            exchange.getRequestReceiver().receiveFullBytes((done, body) -> answerGrpc(done, body));
            return;
        }
        HeaderMap trailers = new HeaderMap();
        trailers.put(SERVED_BY, name);
        exchange.putAttachment(HttpAttachments.RESPONSE_TRAILERS, trailers);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(name);
    }

    private static void answerGrpc(HttpServerExchange exchange, byte[] request) {
        String message = request.length < 5 ? "" : new String(request, 5, request.length - 5, StandardCharsets.UTF_8);
        byte[] reply = ("hello " + message).getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(5 + reply.length).put((byte) 0).putInt(reply.length).put(reply);
        HeaderMap trailers = new HeaderMap();
        trailers.put(GRPC_STATUS, "0");
        trailers.put(GRPC_MESSAGE, "done");
        exchange.putAttachment(HttpAttachments.RESPONSE_TRAILERS, trailers);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc");
        exchange.getResponseSender().send(frame.flip());
    }

    @Override
    public void close() {
        server.stop();
    }
}
