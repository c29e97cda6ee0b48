package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.proxy.routing.GoRegex;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The CORS part of Traefik's {@code headers} middleware ({@code accessControl*}, {@code addVaryHeader}), as Traefik's
 * {@code headers.Header} applies it:
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with non-empty {@code Origin} and {@code Access-Control-Request-Method}) is
 *   answered here, 200 with {@code Content-Length: 0} and the CORS headers, and never reaches the origin.</li>
 *   <li>Other responses get {@code Access-Control-Allow-Origin} when the request's {@code Origin} matches,
 *   {@code Access-Control-Allow-Credentials} and {@code Access-Control-Expose-Headers} when configured, and with
 *   {@code addVaryHeader} {@code Origin} appended to the first {@code Vary} value. These replace the origin's.</li>
 *   <li>An origin matches an entry of {@code accessControlAllowOriginList} equal to it, or {@code *} (answered as
 *   {@code *}, or as the request's origin with credentials, which a browser requires), or any Go regular expression
 *   of {@code accessControlAllowOriginListRegex} finding a match in it. {@code null} is an origin like any other:
 *   allowed only when listed.</li>
 *   <li>{@code *} in {@code accessControlAllowHeaders} or {@code accessControlAllowMethods} with credentials
 *   answers a preflight with what it asked for; {@code *} in {@code accessControlExposeHeaders} with credentials
 *   sends no {@code Access-Control-Expose-Headers}. List values are joined by {@code ,}.</li>
 * </ul>
 */
record CorsPolicy(boolean allowCredentials, List<String> allowHeaders, List<String> allowMethods,
        List<String> allowOrigins, List<Pattern> allowOriginPatterns, List<String> exposeHeaders,
        OptionalLong maxAge, boolean addVaryHeader) {
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final String WILDCARD = "*";
    /** The preflight's method, compared case-sensitively as Go does. */
    private static final String OPTIONS = Methods.OPTIONS_STRING;

    CorsPolicy {
        allowHeaders = ImmutableList.copyOf(allowHeaders);
        allowMethods = ImmutableList.copyOf(allowMethods);
        allowOrigins = ImmutableList.copyOf(allowOrigins);
        allowOriginPatterns = ImmutableList.copyOf(allowOriginPatterns);
        exposeHeaders = ImmutableList.copyOf(exposeHeaders);
        requireNonNull(maxAge, "maxAge");
    }

    /**
     * Reads the CORS settings of a {@code headers} middleware.
     *
     * @throws MiddlewareException naming the setting when a regular expression does not compile or a value would
     *         put a control character into a header
     */
    static CorsPolicy read(MiddlewareSettings settings) {
        ImmutableList.Builder<Pattern> patterns = ImmutableList.builder();
        List<String> regexes = settings.strings("accessControlAllowOriginListRegex");
        for (int i = 0; i < regexes.size(); i++) {
            try {
                patterns.add(GoRegex.compile(regexes.get(i)));
            } catch (PatternSyntaxException e) {
                throw settings.invalid("accessControlAllowOriginListRegex", "Go regular expressions; entry " + i
                        + " does not compile: " + e.getDescription());
            }
        }
        return new CorsPolicy(settings.bool("accessControlAllowCredentials").orElse(false),
                headerValues(settings, "accessControlAllowHeaders"),
                headerValues(settings, "accessControlAllowMethods"),
                headerValues(settings, "accessControlAllowOriginList"), patterns.build(),
                headerValues(settings, "accessControlExposeHeaders"),
                settings.integer("accessControlMaxAge"), settings.bool("addVaryHeader").orElse(false));
    }

    /** Whether any CORS setting is given, which is when Traefik answers preflights (its HasCorsHeadersDefined). */
    boolean isDefined() {
        return allowCredentials || !allowHeaders.isEmpty() || !allowMethods.isEmpty() || !allowOrigins.isEmpty()
                || !allowOriginPatterns.isEmpty() || !exposeHeaders.isEmpty() || maxAge.isPresent() || addVaryHeader;
    }

    /** Whether {@code exchange} is a CORS preflight request. */
    static boolean isPreflight(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        return exchange.getRequestMethod().toString().equals(OPTIONS) && !first(headers, REQUEST_METHOD).isEmpty()
                && !first(headers, Headers.ORIGIN).isEmpty();
    }

    /** Answers a preflight request: 200, no body, the CORS headers. */
    void answerPreflight(HttpServerExchange exchange) {
        HeaderMap request = exchange.getRequestHeaders();
        HeaderMap response = exchange.getResponseHeaders();
        if (allowCredentials) {
            HeaderEdits.replace(response, ALLOW_CREDENTIALS, "true");
        }
        if (allowHeaders.contains(WILDCARD) && allowCredentials) {
            String asked = first(request, REQUEST_HEADERS);
            if (!asked.isEmpty()) {
                HeaderEdits.replace(response, ALLOW_HEADERS, asked);
            }
        } else if (!allowHeaders.isEmpty()) {
            HeaderEdits.replace(response, ALLOW_HEADERS, String.join(",", allowHeaders));
        }
        if (allowMethods.contains(WILDCARD) && allowCredentials) {
            HeaderEdits.replace(response, ALLOW_METHODS, first(request, REQUEST_METHOD));
        } else if (!allowMethods.isEmpty()) {
            HeaderEdits.replace(response, ALLOW_METHODS, String.join(",", allowMethods));
        }
        allowedOrigin(first(request, Headers.ORIGIN))
                .ifPresent(origin -> HeaderEdits.replace(response, ALLOW_ORIGIN, origin));
        if (maxAge.isPresent()) {
            HeaderEdits.replace(response, MAX_AGE, Long.toString(maxAge.getAsLong()));
        }
        exposeHeaders(response);
        HeaderEdits.replace(response, Headers.CONTENT_LENGTH, "0");
        exchange.setStatusCode(StatusCodes.OK);
        exchange.endExchange();
    }

    /**
     * Puts the CORS headers on a response to a request that is not a preflight; {@code origin} is the request's
     * {@code Origin} ({@code ""} when it has none).
     */
    void applyToResponse(HeaderMap response, String origin) {
        allowedOrigin(origin).ifPresent(allowed -> HeaderEdits.replace(response, ALLOW_ORIGIN, allowed));
        if (allowCredentials) {
            HeaderEdits.replace(response, ALLOW_CREDENTIALS, "true");
        }
        exposeHeaders(response);
        if (addVaryHeader) {
            String vary = first(response, Headers.VARY);
            if (!vary.equals("Origin")) {
                HeaderEdits.replace(response, Headers.VARY, vary.isEmpty() ? "Origin" : vary + ",Origin");
            }
        }
    }

    /** The {@code Access-Control-Allow-Origin} value for a request from {@code origin}, if it is allowed. */
    Optional<String> allowedOrigin(String origin) {
        for (String allowed : allowOrigins) {
            if (allowed.equals(origin)) {
                return Optional.of(allowed);
            }
            if (allowed.equals(WILDCARD)) {
                return Optional.of(allowCredentials ? origin : WILDCARD);
            }
        }
        for (Pattern pattern : allowOriginPatterns) {
            if (GoRegex.find(pattern, origin)) {
                return Optional.of(origin);
            }
        }
        return Optional.empty();
    }

    private void exposeHeaders(HeaderMap response) {
        if (!exposeHeaders.isEmpty() && !(exposeHeaders.contains(WILDCARD) && allowCredentials)) {
            HeaderEdits.replace(response, EXPOSE_HEADERS, String.join(",", exposeHeaders));
        }
    }

    /** The request's {@code Origin}, {@code ""} when it has none. */
    static String origin(HttpServerExchange exchange) {
        return first(exchange.getRequestHeaders(), Headers.ORIGIN);
    }

    /** The first value of {@code name}, {@code ""} when absent (Go's {@code Header.Get}). */
    static String first(HeaderMap headers, HttpString name) {
        String value = headers.getFirst(name);
        return value == null ? "" : value;
    }

    private static List<String> headerValues(MiddlewareSettings settings, String name) {
        List<String> values = settings.strings(name);
        for (String value : values) {
            if (HeaderEdits.hasControlCharacter(value)) {
                throw HeaderEdits.controlCharacterIn(settings.middleware(), name);
            }
        }
        return values;
    }
}
