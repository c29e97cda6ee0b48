package io.kvroute.proxy.health;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Following a redirect the way Traefik's Go HTTP client does: 301, 302, 303, 307 and 308 with a {@code Location}
 * are followed, at most {@value #MAX_REDIRECTS} in a row; after 301, 302 and 303 a method other than GET or HEAD
 * becomes GET; a custom {@code Host} header survives only a relative {@code Location}; credentials
 * ({@code Authorization}, cookies) are dropped when the redirect leaves the first host and its subdomains.
 */
final class ProbeRedirects {
    static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization",
            "www-authenticate", "cookie", "cookie2");

    private ProbeRedirects() {
    }

    /** Whether a response with {@code status} and {@code location} (may be null) is a redirect to follow. */
    static boolean isRedirect(int status, String location) {
        return REDIRECTS.contains(status) && location != null;
    }

    /**
     * The request that follows {@code request} answered with redirect {@code status} to {@code location}.
     *
     * @throws IllegalArgumentException naming a location that is no http(s) URI
     */
    static ProbeRequest next(ProbeRequest request, int status, String location) {
        URI relative;
        try {
            relative = new URI(location.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirect to \"" + location + "\": " + e.getReason()
                    + " (expected: a URI)");
        }
        URI target = request.target().resolve(relative);
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw new IllegalArgumentException("redirect to \"" + location + "\" (expected: an http or https URI)");
        }
        String method = request.method();
        if (status <= 303 && !method.equals("GET") && !method.equals("HEAD")) {
            method = "GET";
        }
        String host = relative.isAbsolute() ? ProbeRequests.authority(target) : request.host();
        Map<String, String> headers = request.headers();
        if (!isDomainOrSubdomain(target.getHost(), request.initialHost())) {
            Map<String, String> kept = new LinkedHashMap<>();
            headers.forEach((name, value) -> {
                if (!CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
                    kept.put(name, value);
                }
            });
            headers = kept;
        }
        return new ProbeRequest(target, method, host, headers, request.timeout(), true, request.expectedStatus(),
                request.initialHost(), false);
    }

    private static boolean isDomainOrSubdomain(String host, String parent) {
        String candidate = host.toLowerCase(Locale.ROOT);
        String domain = parent.toLowerCase(Locale.ROOT);
        return candidate.equals(domain) || candidate.endsWith("." + domain);
    }

    /** The error text of a chain cut after {@value #MAX_REDIRECTS} redirects. */
    static String tooMany() {
        return "stopped after " + MAX_REDIRECTS + " redirects";
    }
}
