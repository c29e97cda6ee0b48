package io.kvroute.proxy.middleware;

import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Optional;

/**
 * Replacing a request's path as Traefik's {@code replacePath} and {@code replacePathRegex} do: the raw path before is
 * added to the request as {@code X-Replaced-Path}, the new raw path is decoded for the middlewares and the router
 * after, and forwarded with the characters a request target cannot carry percent-encoded (Go forwards such a path
 * escaped again). A new path with a malformed escape is answered 500 with Go's error, as Traefik answers it.
 */
final class PathReplacement {
    static final HttpString X_REPLACED_PATH = HttpString.tryFromString("X-Replaced-Path");

    private PathReplacement() {
    }

    /**
     * Replaces the path with {@code raw}, a percent-encoded path; with {@code sanitize}, a decoded result with
     * {@code .}, {@code ..} or empty segments (other than a trailing slash) is answered 400, as
     * {@code replacePathRegex} answers it.
     *
     * @return false when the exchange was answered and must go no further
     */
    static boolean replace(HttpServerExchange exchange, String raw, boolean sanitize) {
        exchange.getRequestHeaders().add(X_REPLACED_PATH, RequestPaths.rawPath(exchange));
        Optional<String> badEscape = RequestPaths.badEscape(raw);
        if (badEscape.isPresent()) {
            answer(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "invalid URL escape \"" + badEscape.get() + "\"");
            return false;
        }
        String decoded = RequestPaths.decode(exchange, raw);
        if (sanitize && !decoded.isEmpty() && !RequestPaths.isClean(RequestPaths.withLeadingSlash(decoded))) {
            answer(exchange, StatusCodes.BAD_REQUEST, StatusCodes.BAD_REQUEST_STRING);
            return false;
        }
        RequestPaths.replace(exchange, RequestPaths.withLeadingSlash(decoded),
                RequestPaths.withLeadingSlash(RequestPaths.asRequestTarget(raw)));
        return true;
    }

    /** Answers as Go's {@code http.Error}: the message and a newline as plain text. */
    private static void answer(HttpServerExchange exchange, int status, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(message + "\n");
    }
}
