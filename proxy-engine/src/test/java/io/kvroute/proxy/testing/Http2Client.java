package io.kvroute.proxy.testing;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StringWriteChannelListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;

/**
 * An HTTP/2 client with prior knowledge in cleartext (Undertow's {@code h2c-prior}), for what the JDK's HttpClient
 * does not show: response trailers, and requests in flight at once on one connection. Each {@link #send} has a
 * connection of its own, closed after the response.
 */
public final class Http2Client implements AutoCloseable {
    /** A response: status, headers, body and trailers (empty when none came). */
    public record Response(int status, HeaderMap headers, byte[] body, HeaderMap trailers) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int WAIT_SECONDS = 15;

    private final XnioWorker worker;
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(false, 8 * 1024);

    public Http2Client() {
        try {
            worker = Xnio.getInstance().createWorker(OptionMap.builder().set(Options.WORKER_IO_THREADS, 1)
                    .set(Options.THREAD_DAEMON, true).set(Options.WORKER_NAME, "h2-test-client").getMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code method path} with {@code Host: host}, {@code headers} and {@code body} (ISO-8859-1 bytes, empty
     * for none) to the cleartext port, over HTTP/2 with prior knowledge, and waits for the whole response.
     */
    public Response send(int port, String method, String host, String path, Map<String, String> headers,
            byte[] body) {
        ClientConnection connection = connect(port);
        try {
            CompletableFuture<Response> result = new CompletableFuture<>();
            ClientRequest request = new ClientRequest().setMethod(Methods.fromString(method)).setPath(path);
            request.getRequestHeaders().put(Headers.HOST, host);
            headers.forEach((name, value) -> request.getRequestHeaders().put(HttpString.tryFromString(name), value));
            if (body.length > 0) {
                request.getRequestHeaders().put(Headers.CONTENT_LENGTH, body.length);
            }
            connection.getIoThread().execute(() -> start(connection, request, body, result));
            return await(result, method + " " + path, port);
        } finally {
            IoUtils.safeClose(connection);
        }
    }

    /**
     * Sends {@code GET} of every path in {@code paths} with {@code Host: host} at once, as streams of one connection,
     * and waits for the whole responses, in the order of {@code paths}.
     */
    public List<Response> getTogether(int port, String host, List<String> paths) {
        return getInRounds(port, host, List.of(paths), () -> { }).get(0);
    }

    /**
     * As {@link #getTogether}, round after round on one connection: the requests of a round are sent once every
     * response of the round before came and {@code betweenRounds} has run.
     */
    public List<List<Response>> getInRounds(int port, String host, List<List<String>> rounds,
            Runnable betweenRounds) {
        ClientConnection connection = connect(port);
        try {
            List<List<Response>> answers = new ArrayList<>();
            for (List<String> paths : rounds) {
                if (!answers.isEmpty()) {
                    betweenRounds.run();
                }
                List<CompletableFuture<Response>> results = paths.stream()
                        .map(path -> new CompletableFuture<Response>()).toList();
                connection.getIoThread().execute(() -> {
                    for (int i = 0; i < paths.size(); i++) {
                        ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(paths.get(i));
                        request.getRequestHeaders().put(Headers.HOST, host);
                        start(connection, request, new byte[0], results.get(i));
                    }
                });
                answers.add(results.stream().map(result -> await(result, "GET " + paths, port)).toList());
            }
            return answers;
        } finally {
            IoUtils.safeClose(connection);
        }
    }

    private ClientConnection connect(int port) {
        try {
            return UndertowClient.getInstance().connect(URI.create("h2c-prior://127.0.0.1:" + port), worker,
                    buffers, OptionMap.EMPTY).get();
        } catch (IOException e) {
            throw new UncheckedIOException("h2c-prior connect to 127.0.0.1:" + port, e);
        }
    }

    private static void start(ClientConnection connection, ClientRequest request, byte[] body,
            CompletableFuture<Response> result) {
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange answered) {
                        read(answered, result);
                    }

                    @Override
                    public void failed(IOException e) {
                        result.completeExceptionally(e);
                    }
                });
                if (body.length > 0) {
                    new StringWriteChannelListener(new String(body, StandardCharsets.ISO_8859_1),
                            StandardCharsets.ISO_8859_1).setup(exchange.getRequestChannel());
                }
            }

            @Override
            public void failed(IOException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private static Response await(CompletableFuture<Response> result, String what, int port) {
        try {
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("h2c-prior " + what + " to 127.0.0.1:" + port + ": " + e, e);
        }
    }

    private static void read(ClientExchange exchange, CompletableFuture<Response> result) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
        ChannelListener<StreamSourceChannel> reader = channel -> {
            try {
                int read;
                while ((read = channel.read(buffer.clear())) > 0) {
                    body.write(buffer.array(), 0, read);
                }
                if (read < 0) {
                    channel.suspendReads();
                    HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
                    result.complete(new Response(exchange.getResponse().getResponseCode(),
                            exchange.getResponse().getResponseHeaders(), body.toByteArray(),
                            trailers == null ? new HeaderMap() : trailers));
                } else {
                    channel.resumeReads();
                }
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        };
        exchange.getResponseChannel().getReadSetter().set(reader);
        reader.handleEvent(exchange.getResponseChannel());
    }

    @Override
    public void close() {
        worker.shutdownNow();
        buffers.close();
    }
}
