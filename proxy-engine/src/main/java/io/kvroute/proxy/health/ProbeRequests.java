package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.HealthCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns a server URL and a health check spec into the probe request, as Traefik does: the spec's scheme and port
 * replace the server's, its path (and query) is appended to the server's path, its hostname becomes the Host
 * header, its headers are added, and the spec's timeout bounds the exchange; with {@code mode: grpc}, the gRPC
 * health check call instead.
 * Everything here is computed once per spec, not per probe.
 */
final class ProbeRequests {
    private static final Set<String> SCHEMES = Set.of("http", "https", "h2c");
    /** Traefik's mode that checks with gRPC; any other value checks with HTTP, as in Traefik. */
    private static final String GRPC = "grpc";
    private static final Set<String> GRPC_SCHEMES = Set.of("", "http", "h2c");
    /** Headers that frame the message or the connection, which the prober writes itself. */
    private static final Set<String> FRAMING_HEADERS = ImmutableSortedSet.of("connection", "content-length",
            "expect", "te", "trailer", "transfer-encoding", "upgrade");

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
     * The probe request: method (default GET), URI, {@code Host} header (the spec's hostname, else the URI's host and
     * port; a {@code Host} among the headers wins, as it did with the JDK client), the other headers and the timeout.
     *
     * @throws IllegalArgumentException naming what cannot be sent: a bad URL, a non-positive timeout, a scheme the
     *     prober does not speak, or a header that frames the message (the prober sets those itself)
     */
    static ProbeRequest request(String serverUrl, HealthCheck spec) {
        if (spec.effectiveTimeout().isNegative() || spec.effectiveTimeout().isZero()) {
            throw new IllegalArgumentException("timeout: " + timeoutText(spec) + " (expected: > 0)");
        }
        if (spec.mode().filter(GRPC::equals).isPresent()) {
            return grpcRequest(serverUrl, spec);
        }
        URI target = uri(serverUrl, spec);
        if (!SCHEMES.contains(target.getScheme())) {
            throw new IllegalArgumentException("scheme \"" + target.getScheme() + "\" of " + target
                    + " (expected: http, https or h2c)");
        }
        String host = spec.hostname().filter(h -> !h.isEmpty()).orElseGet(() -> authority(target));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            String name = header.getKey();
            if ("host".equalsIgnoreCase(name)) {
                host = header.getValue();
            } else if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header \"" + name + "\": set by the prober itself (expected: "
                        + "none of " + String.join(", ", FRAMING_HEADERS) + ")");
            } else {
                headers.put(name, header.getValue());
            }
        }
        String method = spec.method().filter(m -> !m.isEmpty()).orElse("GET").toUpperCase(Locale.ROOT);
        return new ProbeRequest(target, method, host, headers, spec.effectiveTimeout(),
                spec.effectiveFollowRedirects(), spec.status(), target.getHost(), false);
    }

    /**
     * Traefik's {@code mode: grpc} check: the Health/Check call over HTTP/2 without TLS (prior knowledge) to the
     * server's host and port (the spec's port if set), with {@code host:port} as the authority; the spec's path,
     * method, hostname, headers, status and redirects are not used. Traefik dials without TLS only for the scheme
     * {@code http}, {@code h2c} or none, and fails every check for any other: such a spec, or a server URL without a
     * port (Traefik dials {@code host:}), fails every probe saying so.
     */
    private static ProbeRequest grpcRequest(String serverUrl, HealthCheck spec) {
        URI server = uri(serverUrl, spec);
        String scheme = spec.scheme().orElse("");
        if (!GRPC_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("scheme \"" + scheme + "\" with mode grpc: Traefik's gRPC check dials "
                    + "no TLS and fails (expected: http, h2c or none)");
        }
        int port = spec.port().orElse(server.getPort());
        if (port <= 0) {
            throw new IllegalArgumentException("url \"" + serverUrl + "\" has no port for the gRPC check (expected: "
                    + "scheme://host:port, or the health check's port)");
        }
        URI target;
        try {
            target = new URI("h2c", null, server.getHost(), port, GrpcHealthAnswer.PATH, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url \"" + serverUrl + "\": " + e.getReason());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/grpc");
        headers.put("te", "trailers");
        return new ProbeRequest(target, "POST", authority(target), headers, spec.effectiveTimeout(), false,
                OptionalInt.empty(), target.getHost(), true);
    }

    /** {@code host:port} as a {@code Host} header names the URI's server; the port only when the URI has one. */
    static String authority(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The spec's timeout in Go notation, for error texts. */
    static String timeoutText(HealthCheck spec) {
        return GoDuration.format(spec.effectiveTimeout());
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
