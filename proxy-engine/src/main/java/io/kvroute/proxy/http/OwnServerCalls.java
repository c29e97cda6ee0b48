package io.kvroute.proxy.http;

import io.kvroute.proxy.balancer.Pick;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * The plumbing of the requests the proxy sends a server on its own behalf, not the client's (error pages through
 * {@link ServiceCalls}, mirror copies through {@link MirrorCalls}): their {@code Host}, sending the head and taking
 * the answer, and reading the answer's body without blocking.
 */
final class OwnServerCalls {
    private static final int READ_BYTES = 8192;

    private OwnServerCalls() {
    }

    /** Takes the first {@code length} bytes of {@code bytes}, which are reused after the call. */
    interface Chunks {
        void append(byte[] bytes, int length);
    }

    /** The {@code Host} of a request to {@code pick}'s server: the client's when it passes it, else the server's. */
    static String host(Pick pick, String clientHost) {
        URI server = pick.server().uri();
        return pick.passHostHeader() ? clientHost
                : server.getPort() < 0 ? server.getHost() : server.getHost() + ":" + server.getPort();
    }

    /**
     * Sends {@code request} on {@code connection}: {@code sent} gets the exchange once the head is on its way (to
     * write a body), {@code answered} once the response head came; {@code failed} gets why not
     * ({@code "sending failed: ..."}, {@code "no answer: ..."}).
     */
    static void send(ClientConnection connection, ClientRequest request, Consumer<ClientExchange> sent,
            Consumer<ClientExchange> answered, Consumer<String> failed) {
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange response) {
                        answered.accept(response);
                    }

                    @Override
                    public void failed(IOException e) {
                        failed.accept("no answer: " + e.getMessage());
                    }
                });
                sent.accept(exchange);
            }

            @Override
            public void failed(IOException e) {
                failed.accept("sending failed: " + e.getMessage());
            }
        });
    }

    /**
     * Reads the answer's body {@code channel} to its end ({@code ended}) while the call is not {@code finished},
     * each chunk to {@code chunks}; {@code failed} gets a read error.
     */
    static void readBody(StreamSourceChannel channel, BooleanSupplier finished, Chunks chunks,
            Consumer<StreamSourceChannel> ended, Consumer<IOException> failed) {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
        ChannelListener<StreamSourceChannel> reader = source -> {
            try {
                while (!finished.getAsBoolean()) {
                    buffer.clear();
                    int read = source.read(buffer);
                    if (read == 0) {
                        source.resumeReads();
                        return;
                    }
                    if (read < 0) {
                        ended.accept(source);
                        return;
                    }
                    chunks.append(buffer.array(), read);
                }
            } catch (IOException e) {
                failed.accept(e);
            }
        };
        channel.getReadSetter().set(reader);
        reader.handleEvent(channel);
    }
}
