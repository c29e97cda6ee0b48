package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code grpcWeb}: turns gRPC-Web requests from browsers into gRPC for the servers and their answers back,
 * as Traefik's wrapper (improbable-eng's grpc-web, with rs/cors 1.7) does:
 * <ul>
 *   <li>a {@code POST} whose {@code Content-Type} starts with {@code application/grpc-web} goes on with the first
 *   {@code application/grpc-web} (or {@code application/grpc-web-text}, whose body is base64 and decoded on the way,
 *   {@link GrpcWebTextBody}) of its type replaced by {@code application/grpc}, without {@code Content-Length};
 *   its answer comes back with {@code application/grpc} in the type replaced by the client's, every response header
 *   name plus {@code grpc-status, grpc-message} in {@code Access-Control-Expose-Headers}, and the server's trailers as a
 *   last length-prefixed frame whose flag byte is {@code 0x80} (base64 again for the text format,
 *   {@link GrpcWebResponseConduit});</li>
 *   <li>an {@code OPTIONS} whose {@code Access-Control-Request-Headers} mention {@code x-grpc-web} and that has an
 *   {@code Access-Control-Request-Method} is a CORS preflight answered here: 200, {@code Vary} on the three request
 *   headers, and for an origin in {@code allowOrigins} ({@code *} for any) and a method of GET, POST, HEAD or OPTIONS
 *   the allowing headers (the origin, the method, the requested headers, credentials, max age 600);</li>
 *   <li>a converted request gets {@code Vary: Origin} and, from an allowed origin, {@code Access-Control-Allow-Origin}
 *   and {@code Access-Control-Allow-Credentials: true};</li>
 *   <li>every other request passes unchanged.</li>
 * </ul>
 * The gRPC servers must be reached over HTTP/2 ({@code h2c://} or {@code https://} servers) for the trailers to come.
 */
final class GrpcWebHandler implements HttpHandler {
    static final String GRPC = "application/grpc";
    static final String GRPC_WEB = "application/grpc-web";
    static final String GRPC_WEB_TEXT = "application/grpc-web-text";
    /** rs/cors's default allowed methods; OPTIONS is always allowed. */
    private static final Set<String> CORS_METHODS = Set.of("GET", "POST", "HEAD", "OPTIONS");
    /** improbable-eng's default CORS max age, 10 minutes. */
    private static final String MAX_AGE_SECONDS = "600";
    private static final HttpString REQUEST_METHOD = HttpString.tryFromString("Access-Control-Request-Method");
    private static final HttpString REQUEST_HEADERS = HttpString.tryFromString("Access-Control-Request-Headers");
    private static final HttpString ALLOW_ORIGIN = HttpString.tryFromString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = HttpString.tryFromString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = HttpString.tryFromString("Access-Control-Allow-Headers");
    private static final HttpString ALLOW_CREDENTIALS = HttpString.tryFromString("Access-Control-Allow-Credentials");
    private static final HttpString MAX_AGE = HttpString.tryFromString("Access-Control-Max-Age");

    static final String TYPE = "grpcWeb";

    private final List<String> allowOrigins;
    private final HttpHandler next;

    private GrpcWebHandler(List<String> allowOrigins, HttpHandler next) {
        this.allowOrigins = ImmutableList.copyOf(allowOrigins);
        this.next = requireNonNull(next, "next");
    }

    /** What wraps a next handler in {@code middleware}'s conversion. */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        List<String> origins = settings.strings("allowOrigins");
        settings.requireAllRead();
        return next -> new GrpcWebHandler(origins, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        String type = headers.getFirst(Headers.CONTENT_TYPE);
        boolean grpcWeb = exchange.getRequestMethod().equals(Methods.POST) && type != null
                && type.startsWith(GRPC_WEB);
        String requested = headers.getFirst(REQUEST_HEADERS);
        boolean corsRequest = exchange.getRequestMethod().equals(Methods.OPTIONS) && requested != null
                && Ascii.toLowerCase(requested).contains("x-grpc-web");
        if (!grpcWeb && !corsRequest) {
            next.handleRequest(exchange);
            return;
        }
        String method = headers.getFirst(REQUEST_METHOD);
        if (exchange.getRequestMethod().equals(Methods.OPTIONS) && method != null && !method.isEmpty()) {
            preflight(exchange, method, requested);
            return;
        }
        allowActualRequest(exchange);
        boolean text = type != null && type.startsWith(GRPC_WEB_TEXT);
        if (type != null) {
            headers.put(Headers.CONTENT_TYPE, GrpcWebResponseConduit.replaceFirst(type, text ? GRPC_WEB_TEXT : GRPC_WEB, GRPC));
        }
        headers.remove(Headers.CONTENT_LENGTH);
        headers.put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        if (text) {
            exchange.addRequestWrapper((factory, ended) -> new GrpcWebTextBody(factory.create()));
        }
        String clientType = text ? GRPC_WEB_TEXT : GRPC_WEB;
        exchange.addResponseWrapper((factory, answered) -> {
            GrpcWebResponseConduit.prepareHeaders(answered.getResponseHeaders(), clientType);
            return new GrpcWebResponseConduit(factory.create(), answered, text);
        });
        next.handleRequest(exchange);
    }

    private boolean allowed(String origin) {
        return allowOrigins.stream().anyMatch(allowed -> allowed.equals("*") || allowed.equals(origin));
    }

    /** rs/cors's preflight: answered here with 200 and no body. */
    private void preflight(HttpServerExchange exchange, String method, String requested) {
        HeaderMap response = exchange.getResponseHeaders();
        response.add(Headers.VARY, "Origin");
        response.add(Headers.VARY, "Access-Control-Request-Method");
        response.add(Headers.VARY, "Access-Control-Request-Headers");
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null && !origin.isEmpty() && allowed(origin)
                && CORS_METHODS.contains(Ascii.toUpperCase(method))) {
            response.put(ALLOW_ORIGIN, origin);
            response.put(ALLOW_METHODS, Ascii.toUpperCase(method));
            List<String> names = headerList(requested);
            if (!names.isEmpty()) {
                response.put(ALLOW_HEADERS, String.join(", ", names));
            }
            response.put(ALLOW_CREDENTIALS, "true");
            response.put(MAX_AGE, MAX_AGE_SECONDS);
        }
        exchange.setStatusCode(StatusCodes.OK);
        exchange.endExchange();
    }

    /** rs/cors's actual request: {@code Vary: Origin}, and the allowing headers for an allowed origin. */
    private void allowActualRequest(HttpServerExchange exchange) {
        HeaderMap response = exchange.getResponseHeaders();
        response.add(Headers.VARY, "Origin");
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null && !origin.isEmpty() && allowed(origin)
                && CORS_METHODS.contains(exchange.getRequestMethod().toString())) {
            response.put(ALLOW_ORIGIN, origin);
            response.put(ALLOW_CREDENTIALS, "true");
        }
    }

    /**
     * rs/cors's reading of {@code Access-Control-Request-Headers}: names split at commas and spaces, other characters
     * than letters, digits, {@code -} and {@code _} dropped, each in Go's canonical case.
     */
    static List<String> headerList(String list) {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c >= 'a' && c <= 'z') {
                name.append(upper ? Ascii.toUpperCase(c) : c);
            } else if (c >= 'A' && c <= 'Z') {
                name.append(upper ? c : Ascii.toLowerCase(c));
            } else if (c == '-' || c == '_' || c >= '0' && c <= '9') {
                name.append(c);
            }
            if (c == ' ' || c == ',' || i == list.length() - 1) {
                if (name.length() > 0) {
                    names.add(name.toString());
                    name.setLength(0);
                    upper = true;
                }
            } else {
                upper = c == '-' || c == '_';
            }
        }
        return names;
    }
}
