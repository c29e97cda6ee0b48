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

    /** What becomes of a held response; told once, at most. */
    interface Outcome {
        /** The body ended within the limit: {@code body} reads what was held. */
        void held(StreamSourceChannel body);

        /** The body grew past the limit. */
        void tooLarge();

        /** Reading the server's body failed, or its connection broke, before its end. */
        void failed(IOException e);

        /** The client's exchange ended (the client went away) before the body did. */
        void ended();
    }

    private final HttpServerExchange exchange;
    private final ResponseHolding holding;
    private final ClientResponse response;
    private final StreamSourceChannel source;
    private final Outcome outcome;
    private final BufferedBody body;
    private final ByteBuffer read = ByteBuffer.allocate(READ_BYTES);
    /** Whether {@link #outcome} was told: nothing more is read then. */
    private boolean done;

    private HeldResponse(HttpServerExchange exchange, ResponseHolding holding, ClientResponse response,
            StreamSourceChannel source, Outcome outcome) {
        this.exchange = exchange;
        this.holding = holding;
        this.response = response;
        this.source = source;
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

    /** A holding of {@code source}, the server's body of {@code response}, to {@link #start}. */
    static HeldResponse of(HttpServerExchange exchange, ResponseHolding holding, ClientResponse response,
            StreamSourceChannel source, Outcome outcome) {
        return new HeldResponse(exchange, holding, response, source, outcome);
    }

    /**
     * Reads the server's body whole, then tells the outcome; if the exchange ends first, reading stops, the outcome
     * is told {@link Outcome#ended} and the temporary file is freed.
     */
    void start() {
        exchange.addExchangeCompleteListener((ended, nextListener) -> {
            if (!done) {
                done = true;
                stop();
                outcome.ended();
            }
            closeBody();
            nextListener.proceed();
        });
        handleEvent(source);
    }

    /** The server's connection broke while the body was read ({@code e}), unless the outcome was told already. */
    void broken(IOException e) {
        if (!done) {
            done = true;
            stop();
            closeBody();
            outcome.failed(e);
        }
    }

    @Override
    public void handleEvent(StreamSourceChannel ready) {
        try {
            while (!done) {
                read.clear();
                int count = source.read(read);
                if (count == 0) {
                    source.getReadSetter().set(this);
                    source.resumeReads();
                    return;
                }
                if (count < 0) {
                    done = true;
                    stop();
                    outcome.held(heldBody());
                    return;
                }
                if (body.size() + count > holding.maxBytes()) {
                    done = true;
                    stop();
                    closeBody();
                    holding.tooLarge().increment();
                    outcome.tooLarge();
                    return;
                }
                body.append(read.flip());
            }
        } catch (IOException e) {
            broken(e);
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

    private void stop() {
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
