package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EncodedCharacter;
import io.kvroute.kv.model.EncodedCharacters;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.EnumSet;

/**
 * Traefik's {@code encodedCharacters} middleware: 400 for a request whose path has a percent-encoded character the
 * middleware does not allow. It runs after the entry point's own check, so a router can refuse more than its entry
 * point, never let through what the entry point refuses.
 */
final class EncodedCharactersHandler implements HttpHandler {
    private final RequestPathPolicy policy;
    private final HttpHandler next;

    EncodedCharactersHandler(EncodedCharacters config, HttpHandler next) {
        EnumSet<EncodedCharacter> allowed = EnumSet.noneOf(EncodedCharacter.class);
        for (EncodedCharacter character : EncodedCharacter.values()) {
            if (config.allows(character)) {
                allowed.add(character);
            }
        }
        this.policy = new RequestPathPolicy(allowed, false);
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (policy.apply(RequestPaths.rawPath(exchange)) instanceof RequestPathPolicy.Rejected rejected) {
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.getResponseSender().send("400 Bad Request: " + rejected.reason() + "\n");
            return;
        }
        next.handleRequest(exchange);
    }
}
