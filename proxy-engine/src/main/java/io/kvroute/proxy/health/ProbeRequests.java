package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.HealthCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a server URL and a health check spec into the probe request, as Traefik does: the spec's scheme and port
 * replace the server's, its path (and query) is appended to the server's path, its hostname becomes the Host
 * header, its headers are added, and the spec's timeout bounds the exchange. Also judges the status code.
 */
final class ProbeRequests {
    private ProbeRequests() {
    }

    /**
     * The probe URI.
     *
     * @throws IllegalArgumentException naming the URL or path that cannot form one
     */
    static URI uri(String serverUrl, HealthCheck spec) {
        requireNonNull(serverUrl, "serverUrl");
        requireNonNull(spec, "spec");
        URI server;
        try {
            server = new URI(serverUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url \"" + serverUrl + "\": " + e.getReason()
                    + " (expected: scheme://host:port)");
        }
        if (server.getScheme() == null || server.getHost() == null) {
            throw new IllegalArgumentException("url \"" + serverUrl + "\" (expected: scheme://host:port)");
        }
        String specPath = spec.path().orElse("");
        int queryStart = specPath.indexOf('?');
        String path = queryStart < 0 ? specPath : specPath.substring(0, queryStart);
        String query = queryStart < 0 ? null : specPath.substring(queryStart + 1);
        String scheme = spec.scheme().filter(s -> !s.isEmpty()).orElse(server.getScheme()).toLowerCase(Locale.ROOT);
        int port = spec.port().orElse(server.getPort());
        try {
            return new URI(scheme, null, server.getHost(), port, joinPaths(server.getPath(), path), query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path \"" + specPath + "\" of server " + serverUrl + ": "
                    + e.getReason() + " (expected: an absolute path)");
        }
    }

    /**
     * The probe request: method, URI, Host header, headers and timeout from the spec, HTTP/1.1.
     *
     * @throws IllegalArgumentException naming what cannot be sent (a bad URL, a header the JDK client refuses)
     */
    static HttpRequest request(String serverUrl, HealthCheck spec) {
        if (spec.effectiveTimeout().isNegative() || spec.effectiveTimeout().isZero()) {
            throw new IllegalArgumentException("timeout: " + timeoutText(spec) + " (expected: > 0)");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(serverUrl, spec))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .timeout(spec.effectiveTimeout())
                .method(spec.method().filter(m -> !m.isEmpty()).orElse("GET").toUpperCase(Locale.ROOT),
                        HttpRequest.BodyPublishers.noBody());
        spec.hostname().filter(h -> !h.isEmpty()).ifPresent(hostname -> header(builder, "Host", hostname));
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            header(builder, header.getKey(), header.getValue());
        }
        return builder.build();
    }

    /** Whether {@code status} passes: the spec's status exactly, else any 2xx or 3xx. */
    static boolean passes(HealthCheck spec, int status) {
        return spec.status().isPresent() ? status == spec.status().getAsInt() : status >= 200 && status < 400;
    }

    /** What {@link #passes} expects, for error texts. */
    static String expectation(HealthCheck spec) {
        return spec.status().isPresent() ? Integer.toString(spec.status().getAsInt()) : "2xx or 3xx";
    }

    /** The spec's timeout in Go notation, for error texts. */
    static String timeoutText(HealthCheck spec) {
        return GoDuration.format(spec.effectiveTimeout());
    }

    private static void header(HttpRequest.Builder builder, String name, String value) {
        try {
            builder.setHeader(name, value);
        } catch (IllegalArgumentException refused) {
            throw new IllegalArgumentException("header \"" + name + "\": refused by the JDK HTTP client ("
                    + refused.getMessage() + "; expected: a header it may send"
                    + ("host".equalsIgnoreCase(name) ? ", run with -Djdk.httpclient.allowRestrictedHeaders=host" : "")
                    + ")");
        }
    }

    private static String joinPaths(String serverPath, String specPath) {
        String base = serverPath == null ? "" : serverPath;
        if (specPath.isEmpty()) {
            return base.isEmpty() ? "/" : base;
        }
        String suffix = specPath.startsWith("/") ? specPath : "/" + specPath;
        return base.endsWith("/") ? base + suffix.substring(1) : base + suffix;
    }
}
