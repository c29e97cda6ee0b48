package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code buffering.maxResponseBodyBytes} for a response of undeclared length (chunked, or ended by the server's
 * close), which Traefik (oxy's buffer) holds whole before sending anything: an exchange attachment the proxy client
 * applies ({@code io.kvroute.proxy.http.HeldResponse}), reading the server's body whole, in memory up to
 * {@code memoryBytes}, the rest in a temporary file, before the response starts. Longer than {@code maxBytes}, it is
 * answered 500 and counted in {@code tooLarge}.
 */
public record ResponseHolding(long maxBytes, long memoryBytes, LongAdder tooLarge) {
    static final AttachmentKey<ResponseHolding> ATTACHMENT = AttachmentKey.create(ResponseHolding.class);

    public ResponseHolding {
        requireNonNull(tooLarge, "tooLarge");
    }

    /** The holding a buffering middleware asked for on {@code exchange}, if any. */
    public static Optional<ResponseHolding> of(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTACHMENT));
    }
}
