package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers ACME HTTP-01 challenges on the entry point a resolver's {@code httpChallenge.entryPoint} names, before
 * routing (as Traefik's challenge router, which outranks every other): {@code /.well-known/acme-challenge/TOKEN} gets
 * the key authorization of a pending challenge of any proxy of the store, or 404 for a token nobody published; every
 * other request goes to {@code next}.
 */
public final class Http01ChallengeHandler implements HttpHandler {
    /** RFC 8555 section 8.3. */
    public static final String PATH = "/.well-known/acme-challenge/";

    private final Supplier<AcmeSnapshot> snapshot;
    private final HttpHandler next;

    public Http01ChallengeHandler(Supplier<AcmeSnapshot> snapshot, HttpHandler next) {
        this.snapshot = requireNonNull(snapshot, "snapshot");
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (!path.startsWith(PATH)) {
            next.handleRequest(exchange);
            return;
        }
        Optional<String> answer = snapshot.get().keyAuthorization(path.substring(PATH.length()));
        if (answer.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(answer.get());
    }
}
