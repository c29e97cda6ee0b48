package io.kvroute.proxy.http;

import io.kvroute.proxy.middleware.BufferedBody;
import io.kvroute.proxy.middleware.ResponseHolding;
import io.undertow.client.ClientResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.channels.Configurable;
import org.xnio.channels.StreamSourceChannel;

/**
 * A server's response of undeclared length read whole before the client's response starts, as oxy's buffer holds
 * it under {@code buffering.maxResponseBodyBytes} ({@link ResponseHolding}; multibuf's {@code WriterOnce}): in memory
 * up to {@code memResponseBodyBytes}, the rest in a temporary file ({@link BufferedBody}, deleted once the body is
 * sent or the exchange ends). Ended within the limit, the body goes on as one channel over what was held
 * ({@link HeldBodyConduit}), with the server's status and
 * headers and, as Traefik's Go server gives a handler that wrote its whole body before its first flush, a
 * {@code Content-Length} when it is small (up to 2048 bytes, net/http's {@code bufferBeforeChunkingSize}; 4096 to an
 * HTTP/2 client, its {@code handlerChunkWriteSize}); a larger one keeps its undeclared length (chunked over
 * HTTP/1.1). Growing past the limit, the rest is not read (the server connection is dropped) and the client is
 * answered 500 {@code Internal Server Error}, oxy's answer to its writer's size error. Runs on the connection's I/O
 * thread.
 */
final class HeldResponse implements ChannelListener<StreamSourceChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(HeldResponse.class);
    private static final long HTTP1_DECLARED_UP_TO = 2048;
    private static final long HTTP2_DECLARED_UP_TO = 4096;
    private static final int READ_BYTES = 16 * 1024;

    /** What becomes of a held response. */
    interface Outcome {
        /** The body ended within the limit: {@code body} reads what was held. */
        void held(StreamSourceChannel body);

        /** The body grew past the limit. */
        void tooLarge();

        /** Reading the server's body failed. */
        void failed(IOException e);
    }

    private final HttpServerExchange exchange;
    private final ResponseHolding holding;
    private final ClientResponse response;
    private final Outcome outcome;
    private final BufferedBody body;
    private final ByteBuffer read = ByteBuffer.allocate(READ_BYTES);

    private HeldResponse(HttpServerExchange exchange, ResponseHolding holding, ClientResponse response,
            Outcome outcome) {
        this.exchange = exchange;
        this.holding = holding;
        this.response = response;
        this.outcome = outcome;
        this.body = new BufferedBody(Math.min(holding.memoryBytes(), holding.maxBytes()), "response");
    }

    /** Whether {@code response} to {@code exchange} is held: it has a body and no declared length. */
    static boolean applies(HttpServerExchange exchange, ClientResponse response) {
        int status = response.getResponseCode();
        return !exchange.getRequestMethod().equals(Methods.HEAD) && status >= 200
                && status != StatusCodes.NO_CONTENT && status != StatusCodes.NOT_MODIFIED
                && !response.getResponseHeaders().contains(Headers.CONTENT_LENGTH);
    }

    /** Reads {@code source}, the server's body of {@code response}, whole; then tells {@code outcome}. */
    static void start(HttpServerExchange exchange, ResponseHolding holding, ClientResponse response,
            StreamSourceChannel source, Outcome outcome) {
        HeldResponse held = new HeldResponse(exchange, holding, response, outcome);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            held.closeBody();
            nextListener.proceed();
        });
        held.handleEvent(source);
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        try {
            while (true) {
                read.clear();
                int count = source.read(read);
                if (count == 0) {
                    source.getReadSetter().set(this);
                    source.resumeReads();
                    return;
                }
                if (count < 0) {
                    stop(source);
                    outcome.held(heldBody());
                    return;
                }
                if (body.size() + count > holding.maxBytes()) {
                    stop(source);
                    closeBody();
                    holding.tooLarge().increment();
                    outcome.tooLarge();
                    return;
                }
                body.append(read.flip());
            }
        } catch (IOException e) {
            stop(source);
            closeBody();
            outcome.failed(e);
        }
    }

    /** The held body as a channel, the response's length declared when Traefik's server would declare it. */
    private StreamSourceChannel heldBody() throws IOException {
        long declaredUpTo = exchange.getProtocol().equals(Protocols.HTTP_2_0) ? HTTP2_DECLARED_UP_TO
                : HTTP1_DECLARED_UP_TO;
        if (body.size() <= declaredUpTo) {
            HeaderMap headers = response.getResponseHeaders();
            headers.remove(Headers.TRANSFER_ENCODING);
            headers.put(Headers.CONTENT_LENGTH, body.size());
        }
        return new ConduitStreamSourceChannel(Configurable.EMPTY, new HeldBodyConduit(body, exchange.getIoThread()));
    }

    private static void stop(StreamSourceChannel source) {
        source.suspendReads();
        source.getReadSetter().set(null);
    }

    private void closeBody() {
        try {
            body.close();
        } catch (IOException e) {
            LOG.warn("closing a held response body's temporary file failed: {}", e.toString());
        }
    }
}
