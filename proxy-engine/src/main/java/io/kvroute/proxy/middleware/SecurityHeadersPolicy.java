package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The security part of Traefik's {@code headers} middleware, which Traefik hands to unrolled/secure (v1.0.9) with
 * the options Traefik v3 still passes on:
 * <ul>
 *   <li>{@code allowedHosts}: a request whose host (the first non-empty {@code hostsProxyHeaders} header, else
 *   {@code Host}, compared case-insensitively and with its port) is not listed gets secure's answer, 500
 *   {@code Bad Host}, and never reaches the origin.</li>
 *   <li>Response headers, replacing the origin's: {@code Strict-Transport-Security} ({@code stsSeconds} not 0,
 *   {@code stsIncludeSubdomains}, {@code stsPreload}) on HTTPS requests, or on all with {@code forceSTSHeader};
 *   {@code X-Frame-Options} ({@code customFrameOptionsValue}, else {@code DENY} with {@code frameDeny});
 *   {@code X-Content-Type-Options: nosniff}; {@code X-XSS-Protection} ({@code customBrowserXSSValue}, else
 *   {@code 1; mode=block}); {@code Public-Key-Pins} on HTTPS requests; {@code Content-Security-Policy} and
 *   {@code Content-Security-Policy-Report-Only} (see {@link ContentSecurityPolicies} for {@code $NONCE});
 *   {@code Referrer-Policy}; {@code Permissions-Policy}.</li>
 *   <li>A request is HTTPS when its connection is TLS or a header of {@code sslProxyHeaders} has the value given
 *   there; {@code X-Forwarded-Proto} is read as Traefik's entry point leaves it (absent here means {@code http},
 *   or {@code ws} for a WebSocket upgrade).</li>
 *   <li>{@code isDevelopment} turns off the host check, {@code Strict-Transport-Security} and
 *   {@code Public-Key-Pins}.</li>
 *   <li>{@code sslRedirect}, {@code sslTemporaryRedirect}, {@code sslHost}, {@code sslForceHost} and
 *   {@code featurePolicy} were removed in Traefik v3, which reads and ignores them; so does kvroute, with a
 *   warning.</li>
 * </ul>
 */
final class SecurityHeadersPolicy {
    private static final HttpString STRICT_TRANSPORT_SECURITY = new HttpString("Strict-Transport-Security");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString XSS_PROTECTION = new HttpString("X-Xss-Protection");
    private static final HttpString PUBLIC_KEY_PINS = new HttpString("Public-Key-Pins");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString PERMISSIONS_POLICY = new HttpString("Permissions-Policy");
    private static final byte[] BAD_HOST = "Bad Host\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> REMOVED_FLAGS = List.of("sslRedirect", "sslTemporaryRedirect", "sslForceHost");
    private static final List<String> REMOVED_TEXTS = List.of("sslHost", "featurePolicy");

    /** A response header secure sets. */
    record Header(HttpString name, String value) {
        Header {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    private final boolean defined;
    private final List<String> allowedHosts;
    private final List<HttpString> hostsProxyHeaders;
    private final Map<HttpString, String> sslProxyHeaders;
    private final Optional<String> strictTransportSecurity;
    private final boolean forceStsHeader;
    private final Optional<String> publicKey;
    private final boolean isDevelopment;
    private final List<Header> always;
    private final ContentSecurityPolicies contentSecurityPolicies;

    private SecurityHeadersPolicy(MiddlewareSettings settings, boolean removedSettingGiven) {
        allowedHosts = settings.strings("allowedHosts");
        List<String> proxyHeaders = settings.strings("hostsProxyHeaders");
        proxyHeaders.forEach(name -> checkName(settings, "hostsProxyHeaders", name));
        hostsProxyHeaders = proxyHeaders.stream().map(HttpString::new).toList();
        ImmutableMap.Builder<HttpString, String> ssl = ImmutableMap.builder();
        settings.stringMap("sslProxyHeaders").forEach((name, value) -> {
            checkName(settings, "sslProxyHeaders", name);
            ssl.put(new HttpString(name), value);
        });
        sslProxyHeaders = ssl.buildKeepingLast();
        OptionalLong stsSeconds = settings.integer("stsSeconds");
        if (stsSeconds.isPresent() && stsSeconds.getAsLong() < 0) {
            throw settings.invalid("stsSeconds", "0 or more");
        }
        boolean stsIncludeSubdomains = settings.bool("stsIncludeSubdomains").orElse(false);
        boolean stsPreload = settings.bool("stsPreload").orElse(false);
        strictTransportSecurity = stsSeconds.isPresent() && stsSeconds.getAsLong() != 0
                ? Optional.of("max-age=" + stsSeconds.getAsLong() + (stsIncludeSubdomains ? "; includeSubDomains" : "")
                        + (stsPreload ? "; preload" : ""))
                : Optional.empty();
        forceStsHeader = settings.bool("forceSTSHeader").orElse(false);
        isDevelopment = settings.bool("isDevelopment").orElse(false);
        publicKey = value(settings, "publicKey");
        boolean frameDeny = settings.bool("frameDeny").orElse(false);
        Optional<String> customFrameOptions = value(settings, "customFrameOptionsValue");
        boolean contentTypeNosniff = settings.bool("contentTypeNosniff").orElse(false);
        boolean browserXssFilter = settings.bool("browserXssFilter").orElse(false);
        Optional<String> customXss = value(settings, "customBrowserXSSValue");
        Optional<String> referrerPolicy = value(settings, "referrerPolicy");
        Optional<String> permissionsPolicy = value(settings, "permissionsPolicy");
        contentSecurityPolicies = ContentSecurityPolicies.read(settings);
        ImmutableList.Builder<Header> headers = ImmutableList.builder();
        customFrameOptions.or(() -> frameDeny ? Optional.of("DENY") : Optional.empty())
                .ifPresent(value -> headers.add(new Header(FRAME_OPTIONS, value)));
        if (contentTypeNosniff) {
            headers.add(new Header(CONTENT_TYPE_OPTIONS, "nosniff"));
        }
        customXss.or(() -> browserXssFilter ? Optional.of("1; mode=block") : Optional.empty())
                .ifPresent(value -> headers.add(new Header(XSS_PROTECTION, value)));
        referrerPolicy.ifPresent(value -> headers.add(new Header(REFERRER_POLICY, value)));
        permissionsPolicy.ifPresent(value -> headers.add(new Header(PERMISSIONS_POLICY, value)));
        always = headers.build();
        defined = removedSettingGiven || !allowedHosts.isEmpty() || !hostsProxyHeaders.isEmpty()
                || !sslProxyHeaders.isEmpty() || stsSeconds.isPresent() || stsIncludeSubdomains || stsPreload
                || forceStsHeader || frameDeny || customFrameOptions.isPresent() || contentTypeNosniff
                || browserXssFilter || customXss.isPresent() || !contentSecurityPolicies.isEmpty()
                || publicKey.isPresent() || referrerPolicy.isPresent() || permissionsPolicy.isPresent()
                || isDevelopment;
    }

    /**
     * Reads the security settings of a {@code headers} middleware; the settings Traefik v3 removed are read, and
     * {@code warnings} told when one would have done something.
     *
     * @throws MiddlewareException naming the setting when {@code stsSeconds} is negative or a value would put a
     *         control character into a header
     */
    static SecurityHeadersPolicy read(MiddlewareSettings settings, Consumer<MiddlewareWarning> warnings) {
        List<String> removed = new ArrayList<>();
        REMOVED_FLAGS.stream().filter(name -> settings.bool(name).orElse(false)).forEach(removed::add);
        REMOVED_TEXTS.stream().filter(name -> !settings.text(name).orElse("").isEmpty()).forEach(removed::add);
        if (!removed.isEmpty()) {
            String names = String.join(", ", removed);
            warnings.accept(ToleratedDeviation.HEADERS_SETTING_REMOVED_IN_V3.warning(
                    settings.middleware().name(), settings.middleware().type(), names + ": removed in Traefik v3, "
                            + "which ignores " + (removed.size() == 1 ? "it" : "them") + " as kvroute does (for "
                            + "HTTPS use redirectScheme or an entry point redirection, for another host "
                            + "redirectRegex, for featurePolicy permissionsPolicy)"));
        }
        return new SecurityHeadersPolicy(settings, !removed.isEmpty());
    }

    /** Whether any security setting is given, which is when Traefik runs secure (its HasSecureHeadersDefined). */
    boolean isDefined() {
        return defined;
    }

    /** Whether {@code allowedHosts} lets {@code exchange} through. */
    boolean allowsHost(HttpServerExchange exchange) {
        if (allowedHosts.isEmpty() || isDevelopment) {
            return true;
        }
        String host = host(exchange);
        for (String allowed : allowedHosts) {
            if (allowed.equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    /** Answers a request whose host is not allowed as secure does: 500 {@code Bad Host}. */
    static void refuseHost(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
        HeaderMap headers = exchange.getResponseHeaders();
        HeaderEdits.replace(headers, Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        HeaderEdits.replace(headers, CONTENT_TYPE_OPTIONS, "nosniff");
        HeaderEdits.replace(headers, Headers.CONTENT_LENGTH, Integer.toString(BAD_HOST.length));
        exchange.getResponseSender().send(ByteBuffer.wrap(BAD_HOST));
    }

    /** The headers secure puts on the response to {@code exchange}, which passed {@link #allowsHost}. */
    List<Header> responseHeaders(HttpServerExchange exchange) {
        boolean httpsOnly = !isDevelopment && (strictTransportSecurity.isPresent() || publicKey.isPresent());
        boolean https = httpsOnly && isHttps(exchange);
        if (!https && !forceStsHeader && contentSecurityPolicies.isEmpty()) {
            return always;
        }
        List<Header> headers = new ArrayList<>(always.size() + 4);
        if (!isDevelopment && (https || forceStsHeader)) {
            strictTransportSecurity.ifPresent(value -> headers.add(new Header(STRICT_TRANSPORT_SECURITY, value)));
        }
        headers.addAll(always);
        if (https) {
            publicKey.ifPresent(value -> headers.add(new Header(PUBLIC_KEY_PINS, value)));
        }
        contentSecurityPolicies.addTo(headers);
        return headers;
    }

    /** Whether secure takes {@code exchange} for an HTTPS request. */
    boolean isHttps(HttpServerExchange exchange) {
        if (exchange.getConnection().getSslSessionInfo() != null) {
            return true;
        }
        for (Map.Entry<HttpString, String> header : sslProxyHeaders.entrySet()) {
            if (valueAtEntryPoint(exchange, header.getKey()).equals(header.getValue())) {
                return true;
            }
        }
        return false;
    }

    private String host(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        for (HttpString name : hostsProxyHeaders) {
            String value = CorsPolicy.first(headers, name);
            if (!value.isEmpty()) {
                return value;
            }
        }
        return CorsPolicy.first(headers, Headers.HOST);
    }

    /**
     * The first value of request header {@code name} as Traefik's entry point leaves it: it sets
     * {@code X-Forwarded-Proto} when no trusted client did, kvroute only when it forwards (never on TLS here).
     */
    private static String valueAtEntryPoint(HttpServerExchange exchange, HttpString name) {
        HeaderMap headers = exchange.getRequestHeaders();
        String value = CorsPolicy.first(headers, name);
        if (!value.isEmpty() || !name.equals(Headers.X_FORWARDED_PROTO) || headers.contains(name)) {
            return value;
        }
        String upgrade = CorsPolicy.first(headers, Headers.UPGRADE).toLowerCase(Locale.ROOT);
        String connection = CorsPolicy.first(headers, Headers.CONNECTION).toLowerCase(Locale.ROOT);
        return upgrade.contains("websocket") && connection.contains("upgrade") ? "ws" : "http";
    }

    private static void checkName(MiddlewareSettings settings, String setting, String name) {
        try {
            HeaderEdits.checkName(name);
        } catch (IllegalArgumentException notAName) {
            throw settings.invalid(setting, "header names of letters, digits and !#$%&'*+-.^_`|~");
        }
    }

    private static Optional<String> value(MiddlewareSettings settings, String name) {
        Optional<String> value = settings.text(name).filter(text -> !text.isEmpty());
        if (value.isPresent() && HeaderEdits.hasControlCharacter(value.get())) {
            throw HeaderEdits.controlCharacterIn(settings.middleware(), name);
        }
        return value;
    }
}
