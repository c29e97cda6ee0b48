package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Locale;

/**
 * Refuses (400) every request whose path is not in canonical form before anything else looks at it, so that the
 * auth decision and the routes see exactly one spelling of each path: no {@code //}, no {@code .} or {@code ..}
 * segments, no encoded slash, backslash, dot or NUL, no {@code ;} path parameters, no backslash or control
 * characters. Paths stay case-sensitive ({@code /API} is not {@code /api}).
 */
final class PathGuard implements HttpHandler {
    private static final String[] FORBIDDEN_ENCODINGS = {"%2f", "%5c", "%2e", "%00", "%25"};

    private final HttpHandler next;

    PathGuard(HttpHandler next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!isCanonical(exchange.getRequestURI(), exchange.getRequestPath())) {
            Responses.text(exchange, StatusCodes.BAD_REQUEST, "400 bad request: path not in canonical form\n");
            return;
        }
        next.handleRequest(exchange);
    }

    /**
     * True if the raw request target and its decoded path are one canonical absolute path.
     *
     * @param raw the request URI as received (before decoding, without the query)
     * @param decoded the decoded path
     */
    static boolean isCanonical(String raw, String decoded) {
        String lower = raw.toLowerCase(Locale.ROOT);
        for (String encoding : FORBIDDEN_ENCODINGS) {
            if (lower.contains(encoding)) {
                return false;
            }
        }
        if (raw.indexOf(';') >= 0 || raw.indexOf('\\') >= 0 || !decoded.startsWith("/") || decoded.contains("//")) {
            return false;
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        for (String segment : decoded.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
