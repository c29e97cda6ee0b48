package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;

/**
 * The settings of one {@code forwardAuth} middleware as Traefik 3.7 reads them. A negative {@code maxBodySize} or
 * {@code maxResponseBodySize} means no limit (Traefik's default for both, with a warning in its log).
 * {@code authRequestHeaders} already includes Traefik's managed forwarding headers when {@code trustForwardHeader}
 * is true and the list is not empty, as Traefik extends it.
 */
record ForwardAuthSettings(URI address, Optional<Boolean> trustForwardHeader, List<String> authResponseHeaders,
        Optional<Pattern> authResponseHeadersRegex, List<String> authRequestHeaders,
        Set<String> addAuthCookiesToResponse, boolean forwardBody, long maxBodySize, boolean preserveLocationHeader,
        boolean preserveRequestMethod, long maxResponseBodySize, Optional<URI> authSigninUrl,
        Optional<SSLContext> tls) {
    ForwardAuthSettings {
        requireNonNull(address, "address");
        requireNonNull(trustForwardHeader, "trustForwardHeader");
        authResponseHeaders = ImmutableList.copyOf(authResponseHeaders);
        requireNonNull(authResponseHeadersRegex, "authResponseHeadersRegex");
        authRequestHeaders = ImmutableList.copyOf(authRequestHeaders);
        addAuthCookiesToResponse = ImmutableSet.copyOf(addAuthCookiesToResponse);
        requireNonNull(authSigninUrl, "authSigninUrl");
        requireNonNull(tls, "tls");
    }

    /**
     * Reads every setting of {@code settings}.
     *
     * @throws MiddlewareException naming a setting that cannot work: an address that is not an http(s) URL, a
     *         regular expression Java cannot compile, a header name that is not one, a sign-in URL that is not an
     *         absolute http(s) URL, TLS files that cannot be read
     */
    static ForwardAuthSettings read(MiddlewareSettings settings) {
        URI address = httpUrl(settings, "address", settings.text("address").orElse(""));
        Optional<Boolean> trust = settings.bool("trustForwardHeader");
        List<String> responseHeaders = headerNames(settings, "authResponseHeaders");
        Optional<Pattern> regex = settings.text("authResponseHeadersRegex").filter(text -> !text.isEmpty())
                .map(text -> regex(settings, text));
        List<String> requestHeaders = new ArrayList<>(headerNames(settings, "authRequestHeaders"));
        if (trust.orElse(false) && !requestHeaders.isEmpty()) {
            requestHeaders.addAll(AuthRequestHeaders.MANAGED);
        }
        Set<String> cookies = ImmutableSet.copyOf(settings.strings("addAuthCookiesToResponse"));
        settings.text("headerField").filter(text -> !text.isEmpty()).ifPresent(name -> checkName(settings,
                "headerField", name));
        boolean forwardBody = settings.bool("forwardBody").orElse(false);
        long maxBodySize = settings.integer("maxBodySize").orElse(-1);
        boolean preserveLocation = settings.bool("preserveLocationHeader").orElse(false);
        boolean preserveMethod = settings.bool("preserveRequestMethod").orElse(false);
        long maxResponseBodySize = settings.integer("maxResponseBodySize").orElse(-1);
        Optional<URI> signin = settings.text("authSigninURL").filter(text -> !text.isEmpty())
                .map(text -> httpUrl(settings, "authSigninURL", text));
        Optional<SSLContext> tls = AuthServerTls.read(settings.section("tls"));
        return new ForwardAuthSettings(address, trust, responseHeaders, regex, requestHeaders, cookies, forwardBody,
                maxBodySize, preserveLocation, preserveMethod, maxResponseBodySize, signin, tls);
    }

    private static URI httpUrl(MiddlewareSettings settings, String name, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                return uri;
            }
        } catch (URISyntaxException notAUri) {
            // refused below
        }
        throw settings.invalid(name, "an absolute http or https URL such as http://auth.example.com:9000/verify");
    }

    private static List<String> headerNames(MiddlewareSettings settings, String name) {
        List<String> names = settings.strings(name);
        names.forEach(header -> checkName(settings, name, header));
        return names;
    }

    private static void checkName(MiddlewareSettings settings, String name, String header) {
        try {
            HeaderEdits.checkName(header);
        } catch (IllegalArgumentException badName) {
            throw settings.invalid(name, "HTTP header names: letters, digits and !#$%&'*+-.^_`|~");
        }
    }

    private static Pattern regex(MiddlewareSettings settings, String text) {
        try {
            return Pattern.compile(text.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            throw settings.invalid("authResponseHeadersRegex", "a regular expression; " + e.getDescription());
        }
    }
}
