package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.v1.CanonicalHeaderKey;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Traefik's {@code forwardAuth}: each request is first sent to the authentication server at {@code address} (GET, or
 * the request's method with {@code preserveRequestMethod}; the body with {@code forwardBody}, up to
 * {@code maxBodySize} bytes, else 401), with the headers {@link AuthRequestHeaders} builds. A 2xx answer forwards the
 * request with {@code authResponseHeaders} and the headers matching {@code authResponseHeadersRegex} taken from the
 * answer (replacing the client's), and the answer's cookies named in {@code addAuthCookiesToResponse} added to the
 * response in place of the origin's of those names. Any other answer is the response: its status, headers (but
 * hop-by-hop ones) and body, {@code Location} resolved against {@code address} unless {@code preserveLocationHeader};
 * a 401 with {@code authSigninURL} is a 302 to that URL instead; counted as {@code authFailed}. No answer within 30 s,
 * an unreachable server, an answer body over {@code maxResponseBodySize} (401) or an unreadable {@code Location} is
 * counted as {@code authError} and answered 500: the request is never forwarded.
 *
 * <p>The IO thread never waits: the request to the authentication server goes through the JDK's asynchronous HTTP
 * client (HTTP/1.1, redirects not followed; one client per middleware with {@code tls}, else one shared), and the
 * request continues on a worker thread when the answer is in.
 */
final class ForwardAuthHandler implements HttpHandler {
    static final String TYPE = "forwardAuth";
    /** Traefik's forwardAuth client timeout: connect, request and the whole answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailers",
            "transfer-encoding", "upgrade", "content-length");
    private static final HttpClient PLAIN_CLIENT = client(Optional.empty());

    private final ForwardAuthSettings settings;
    private final HttpClient client;
    private final LongAdder authFailed;
    private final LongAdder authError;
    private final HttpHandler next;

    private ForwardAuthHandler(ForwardAuthSettings settings, HttpClient client, LongAdder authFailed,
            LongAdder authError, HttpHandler next) {
        this.settings = settings;
        this.client = client;
        this.authFailed = authFailed;
        this.authError = authError;
        this.next = next;
    }

    /**
     * What wraps a next handler in {@code middleware}'s authentication.
     *
     * @throws MiddlewareException naming a setting that cannot work (see {@link ForwardAuthSettings#read})
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings raw = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        ForwardAuthSettings settings = ForwardAuthSettings.read(raw);
        raw.requireAllRead();
        HttpClient client = settings.tls().isPresent() ? client(settings.tls()) : PLAIN_CLIENT;
        LongAdder authFailed = context.counter(middleware.name(), "authFailed");
        LongAdder authError = context.counter(middleware.name(), "authError");
        return next -> new ForwardAuthHandler(settings, client, authFailed, authError, requireNonNull(next, "next"));
    }

    private static HttpClient client(Optional<SSLContext> tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT);
        tls.ifPresent(builder::sslContext);
        return builder.build();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean unknownLength = !exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH);
        if (!settings.forwardBody() || exchange.getRequestMethod().equals(Methods.CONNECT) && unknownLength) {
            ask(exchange, new byte[0]);
            return;
        }
        Receiver receiver = exchange.getRequestReceiver();
        long limit = settings.maxBodySize();
        receiver.setMaxBufferSize(limit < 0 || limit >= Integer.MAX_VALUE ? -1 : (int) Math.max(limit, 1));
        receiver.receiveFullBytes(this::bodyRead, (failed, error) -> {
            if (error instanceof Receiver.RequestToLargeException) {
                refuseTooLarge(failed);
            } else {
                PlainResponse.send(failed, StatusCodes.INTERNAL_SERVER_ERROR, "");
            }
        });
    }

    /** Traefik: a body over maxBodySize is refused with 401, before the authentication server is asked. */
    private void bodyRead(HttpServerExchange exchange, byte[] body) {
        if (settings.maxBodySize() >= 0 && body.length > settings.maxBodySize()) {
            refuseTooLarge(exchange);
            return;
        }
        if (body.length > 0) {
            Connectors.ungetRequestBytes(exchange,
                    new PooledByteBuffer[] {new ImmediatePooledByteBuffer(ByteBuffer.wrap(body))});
            Connectors.resetRequestChannel(exchange);
        }
        ask(exchange, body);
    }

    private void refuseTooLarge(HttpServerExchange exchange) {
        authFailed.increment();
        PlainResponse.send(exchange, StatusCodes.UNAUTHORIZED, "");
    }

    /** Sends the authentication request; the exchange continues in {@link #answered} on a worker thread. */
    private void ask(HttpServerExchange exchange, byte[] body) {
        HttpRequest request;
        try {
            request = request(exchange, body);
        } catch (IllegalArgumentException unsendable) {
            authError.increment();
            PlainResponse.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "");
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> client
                .sendAsync(request, BoundedBody.handler(settings.maxResponseBodySize()))
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, failure) -> exchange.dispatch(exchange.getConnection().getWorker(),
                        (HttpHandler) resumed -> answered(resumed, response, failure))));
    }

    private HttpRequest request(HttpServerExchange exchange, byte[] body) {
        String method = settings.preserveRequestMethod() ? exchange.getRequestMethod().toString() : "GET";
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.address()).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : AuthRequestHeaders.of(exchange,
                settings.trustForwardHeader(), settings.authRequestHeaders()).entrySet()) {
            header.getValue().forEach(value -> request.header(header.getKey(), value));
        }
        return request.build();
    }

    private void answered(HttpServerExchange exchange, HttpResponse<Optional<byte[]>> response, Throwable failure)
            throws Exception {
        if (failure != null) {
            authError.increment();
            PlainResponse.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "");
            return;
        }
        if (response.body().isEmpty()) {
            authError.increment();
            PlainResponse.send(exchange, StatusCodes.UNAUTHORIZED, "");
            return;
        }
        int status = response.statusCode();
        if (status == StatusCodes.UNAUTHORIZED && settings.authSigninUrl().isPresent()) {
            authFailed.increment();
            SigninRedirect.send(exchange, settings.authSigninUrl().get().toString());
            return;
        }
        if (status < 200 || status >= 300) {
            refuse(exchange, response);
            return;
        }
        copyAuthHeaders(exchange.getRequestHeaders(), response);
        List<String> cookies = response.headers().allValues("Set-Cookie");
        if (!cookies.isEmpty()) {
            exchange.addResponseCommitListener(committing ->
                    AuthCookies.replace(committing.getResponseHeaders(), cookies, settings.addAuthCookiesToResponse()));
        }
        next.handleRequest(exchange);
    }

    /** The answer as the response: status, headers but hop-by-hop ones, Location handled, body. */
    private void refuse(HttpServerExchange exchange, HttpResponse<Optional<byte[]>> response) {
        Optional<String> location;
        try {
            location = location(response);
        } catch (URISyntaxException unreadable) {
            authError.increment();
            PlainResponse.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "");
            return;
        }
        authFailed.increment();
        HeaderMap headers = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.addAll(new HttpString(name), values);
            }
        });
        location.ifPresent(value -> headers.put(Headers.LOCATION, value));
        byte[] body = response.body().orElseThrow();
        int status = response.statusCode();
        exchange.setStatusCode(status);
        if (status == StatusCodes.NO_CONTENT || status == StatusCodes.NOT_MODIFIED) {
            exchange.endExchange();
            return;
        }
        headers.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Go's {@code Response.Location()}: resolved against the request URL; with preserveLocationHeader, as sent. */
    private Optional<String> location(HttpResponse<?> response) throws URISyntaxException {
        Optional<String> sent = response.headers().firstValue("Location").filter(value -> !value.isEmpty());
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        URI parsed = new URI(sent.get());
        return Optional.of(settings.preserveLocationHeader() ? parsed.toString()
                : settings.address().resolve(parsed).toString());
    }

    /** authResponseHeaders by name, then those matching authResponseHeadersRegex, replacing the client's. */
    private void copyAuthHeaders(HeaderMap request, HttpResponse<?> response) {
        for (String name : settings.authResponseHeaders()) {
            HttpString header = new HttpString(name);
            request.remove(header);
            List<String> values = response.headers().allValues(name);
            if (!values.isEmpty()) {
                request.addAll(header, values);
            }
        }
        if (settings.authResponseHeadersRegex().isEmpty()) {
            return;
        }
        List<HttpString> matching = new ArrayList<>();
        for (HeaderValues values : request) {
            if (settings.authResponseHeadersRegex().get()
                    .matcher(CanonicalHeaderKey.of(values.getHeaderName().toString())).find()) {
                matching.add(values.getHeaderName());
            }
        }
        matching.forEach(request::remove);
        response.headers().map().forEach((name, values) -> {
            String canonical = CanonicalHeaderKey.of(name);
            if (settings.authResponseHeadersRegex().get().matcher(canonical).find()) {
                request.remove(new HttpString(canonical));
                request.addAll(new HttpString(canonical), values);
            }
        });
    }

    /** Go's {@code http.Redirect} with 302 to an absolute URL: an HTML link for GET, its content type for HEAD. */
    private static final class SigninRedirect {
        static void send(HttpServerExchange exchange, String url) {
            exchange.setStatusCode(StatusCodes.FOUND);
            exchange.getResponseHeaders().put(Headers.LOCATION, url);
            boolean get = exchange.getRequestMethod().equals(Methods.GET);
            if (get || exchange.getRequestMethod().equals(Methods.HEAD)) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            }
            if (!get) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
                exchange.endExchange();
                return;
            }
            String escaped = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&#34;").replace("'", "&#39;");
            byte[] body = ("<a href=\"" + escaped + "\">Found</a>.\n\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }
}
