package io.kvroute.proxy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.UncheckedIOException;

/**
 * Writes the web listener's answers: JSON (Traefik's error shape {@code {"message": ...}}) and plain text. Every JSON
 * answer passes the exchange's {@link CurrentRedaction} here, the one place, so no endpoint can send a secret.
 */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void json(HttpServerExchange exchange, int status, JsonNode body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        try {
            exchange.getResponseSender().send(JSON.writeValueAsString(CurrentRedaction.of(exchange).apply(body)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void json(HttpServerExchange exchange, JsonNode body) {
        json(exchange, 200, body);
    }

    /** {@code {"message": message}} with {@code status}, as Traefik answers unknown names. */
    static void message(HttpServerExchange exchange, int status, String message) {
        ObjectNode body = JSON.createObjectNode().put("message", message);
        json(exchange, status, body);
    }

    static void text(HttpServerExchange exchange, int status, String text) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(text);
    }
}
