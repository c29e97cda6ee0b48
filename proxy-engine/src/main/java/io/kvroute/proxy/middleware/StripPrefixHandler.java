package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.List;

/**
 * Traefik's {@code stripPrefix}: the first configured prefix (in configuration order, not the longest) that the
 * decoded path starts with is removed, plainly as text ({@code /stat} turns {@code /status} into {@code /us}), and
 * added to the request as {@code X-Forwarded-Prefix}. The remaining path always starts with {@code /}. If what
 * remains has {@code .}, {@code ..} or empty segments the request is refused with 400, so a prefix cannot be used
 * to reach a path outside it.
 */
final class StripPrefixHandler implements HttpHandler {
    static final HttpString X_FORWARDED_PREFIX = HttpString.tryFromString("X-Forwarded-Prefix");

    private final List<String> prefixes;
    private final HttpHandler next;

    /** {@code prefixes} are trimmed of surrounding white space, as Traefik does. */
    StripPrefixHandler(List<String> prefixes, HttpHandler next) {
        this.prefixes = requireNonNull(prefixes, "prefixes").stream().map(String::strip)
                .collect(ImmutableList.toImmutableList());
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                if (!strip(exchange, prefix)) {
                    return;
                }
                break;
            }
        }
        next.handleRequest(exchange);
    }

    /**
     * Removes {@code prefix}, which the decoded path starts with, from both forms of the path and adds it to the
     * request as {@code X-Forwarded-Prefix}, as Traefik's {@code stripPrefix} and {@code stripPrefixRegex} do.
     *
     * @return false when what remains is not a clean path: the exchange was answered 400 and must go no further
     */
    static boolean strip(HttpServerExchange exchange, String prefix) {
        String stripped = RequestPaths.withLeadingSlash(exchange.getRequestPath().substring(prefix.length()));
        if (!RequestPaths.isClean(stripped)) {
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.endExchange();
            return false;
        }
        String raw = RequestPaths.rawPath(exchange);
        String rawStripped = RequestPaths.withLeadingSlash(
                raw.substring(RequestPaths.rawLengthOf(exchange, raw, prefix)));
        RequestPaths.replace(exchange, stripped, rawStripped);
        exchange.getRequestHeaders().add(X_FORWARDED_PREFIX, prefix);
        return true;
    }
}
