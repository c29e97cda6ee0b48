package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Traefik's {@code digestAuth}: HTTP digest authentication (RFC 2617, MD5, {@code qop=auth}) as Traefik's
 * abbot/go-http-auth authenticator does it. {@code users} and {@code usersFile} hold {@code name:realm:HA1} entries
 * ({@code htdigest}); only the users of the middleware's {@code realm} ({@value BasicAuthHandler#DEFAULT_REALM} unless
 * set) can log in. A request passes when its {@code Authorization: Digest} has this middleware's opaque, algorithm
 * MD5 (or none), qop {@code auth}, a {@code uri} equal to the request target (or a path prefix of the request path),
 * the right response, and a nonce issued here with a count above the last one ({@link DigestNonces}). Otherwise 401
 * {@code text/plain} {@code 401 Unauthorized\n} with a fresh challenge
 * ({@code Digest realm="...", nonce="...", opaque="...", algorithm="MD5", qop="auth"}, plus {@code stale="true"}
 * for a count below the last), counted as {@code authFailed}. On success the user name goes into
 * {@code headerField} if set and {@code removeHeader} removes {@code Authorization}. MD5 is cheap: this runs on the
 * IO thread.
 */
final class DigestAuthHandler implements HttpHandler {
    static final String TYPE = "digestAuth";
    private static final byte[] UNAUTHORIZED_BODY = "401 Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, String> secrets;
    private final String realm;
    private final String opaque;
    private final DigestNonces nonces;
    private final Optional<HttpString> headerField;
    private final boolean removeHeader;
    private final LongAdder authFailed;
    private final HttpHandler next;

    private DigestAuthHandler(Map<String, String> secrets, String realm, Optional<HttpString> headerField,
            boolean removeHeader, LongAdder authFailed, HttpHandler next) {
        this.secrets = ImmutableMap.copyOf(secrets);
        this.realm = realm;
        byte[] opaqueBytes = new byte[12];
        new SecureRandom().nextBytes(opaqueBytes);
        this.opaque = Base64.getEncoder().encodeToString(opaqueBytes);
        this.nonces = new DigestNonces();
        this.headerField = headerField;
        this.removeHeader = removeHeader;
        this.authFailed = authFailed;
        this.next = next;
    }

    /**
     * What wraps a next handler in {@code middleware}'s authentication, reading its {@code usersFile} now.
     *
     * @throws MiddlewareException if the users file cannot be read, an entry is not {@code name:realm:hash}, the
     *         realm has a control character or a double quote, or {@code headerField} is not a header name
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        Map<String, String> secrets = HtpasswdUsers.load(middleware, settings.text("usersFile"),
                settings.strings("users"), HtpasswdUsers.Format.DIGEST);
        String realm = settings.text("realm").filter(text -> !text.isEmpty()).orElse(BasicAuthHandler.DEFAULT_REALM);
        if (realm.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == '"')) {
            throw settings.invalid("realm", "printable text without '\"'");
        }
        Optional<String> headerField = settings.text("headerField").filter(text -> !text.isEmpty());
        if (headerField.isPresent()) {
            try {
                HeaderEdits.checkName(headerField.get());
            } catch (IllegalArgumentException badName) {
                throw settings.invalid("headerField", "an HTTP header name: letters, digits and !#$%&'*+-.^_`|~");
            }
        }
        boolean removeHeader = settings.bool("removeHeader").orElse(false);
        settings.requireAllRead();
        LongAdder authFailed = context.counter(middleware.name(), "authFailed");
        Optional<HttpString> field = headerField.map(HttpString::new);
        return next -> new DigestAuthHandler(secrets, realm, field, removeHeader, authFailed,
                requireNonNull(next, "next"));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<Map<String, String>> params =
                DigestParams.parse(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        DigestNonces.Use use = params.map(presented -> check(exchange, presented)).orElse(DigestNonces.Use.UNKNOWN);
        if (use != DigestNonces.Use.ACCEPTED) {
            refuse(exchange, use == DigestNonces.Use.STALE);
            return;
        }
        headerField.ifPresent(header -> exchange.getRequestHeaders().put(header, params.get().get("username")));
        if (removeHeader) {
            exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
        }
        next.handleRequest(exchange);
    }

    /** go-http-auth's CheckAuth: the parameters, then the response, then the nonce and its count. */
    private DigestNonces.Use check(HttpServerExchange exchange, Map<String, String> auth) {
        String algorithm = auth.getOrDefault("algorithm", "MD5");
        if (!opaque.equals(auth.getOrDefault("opaque", "")) || !algorithm.equals("MD5")
                || !"auth".equals(auth.get("qop"))) {
            return DigestNonces.Use.UNKNOWN;
        }
        String uri = auth.getOrDefault("uri", "");
        if (!uri.equals(requestUri(exchange)) && !isPathPrefix(uri, exchange.getRequestPath())) {
            return DigestNonces.Use.UNKNOWN;
        }
        String username = auth.getOrDefault("username", "");
        String ha1 = secrets.getOrDefault(username + ":" + realm, "");
        String ha2 = md5(exchange.getRequestMethod() + ":" + uri);
        String expected = md5(String.join(":", ha1, auth.getOrDefault("nonce", ""), auth.getOrDefault("nc", ""),
                auth.getOrDefault("cnonce", ""), auth.get("qop"), ha2));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                auth.getOrDefault("response", "").getBytes(StandardCharsets.UTF_8))) {
            return DigestNonces.Use.UNKNOWN;
        }
        long nc;
        try {
            nc = Long.parseUnsignedLong(auth.getOrDefault("nc", ""), 16);
        } catch (NumberFormatException notHex) {
            return DigestNonces.Use.UNKNOWN;
        }
        return nonces.use(auth.getOrDefault("nonce", ""), nc);
    }

    /** The request target as the client sent it (after earlier rewrites): raw path and query. */
    private static String requestUri(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        return RequestPaths.rawPath(exchange) + (query.isEmpty() ? "" : "?" + query);
    }

    /** go-http-auth lets the digest's uri be a path prefix of the request path ("for some reason lost in history"). */
    private static boolean isPathPrefix(String uri, String requestPath) {
        try {
            String path = new URI(uri).getPath();
            return path != null && requestPath.startsWith(path);
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }

    private void refuse(HttpServerExchange exchange, boolean stale) {
        authFailed.increment();
        String challenge = "Digest realm=\"" + realm + "\", nonce=\"" + nonces.issue() + "\", opaque=\"" + opaque
                + "\", " + (stale ? "stale=\"true\", " : "") + "algorithm=\"MD5\", qop=\"auth\"";
        exchange.setStatusCode(StatusCodes.UNAUTHORIZED);
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, UNAUTHORIZED_BODY.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(UNAUTHORIZED_BODY));
    }

    private static String md5(String text) {
        return DigestUtils.md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
