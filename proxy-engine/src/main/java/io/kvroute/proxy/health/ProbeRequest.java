package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One probe request as it goes on the wire, built once per spec by {@link ProbeRequests} (and per redirect by
 * {@link ProbeRedirects}): the absolute target URI, the method, the {@code Host} header, the spec's other headers,
 * the timeout of the whole exchange, whether redirects are followed, and the status expected (none: any 2xx or
 * 3xx). {@code initialHost} is the host of the first target of a redirect chain, which decides whether credentials
 * may follow a redirect. A {@code grpc} request is a gRPC health check call ({@link GrpcHealthAnswer}), judged by its
 * answer rather than its status.
 */
record ProbeRequest(URI target, String method, String host, Map<String, String> headers, Duration timeout,
        boolean followRedirects, OptionalInt expectedStatus, String initialHost, boolean grpc) {
    ProbeRequest {
        requireNonNull(target, "target");
        requireNonNull(method, "method");
        requireNonNull(host, "host");
        headers = ImmutableMap.copyOf(requireNonNull(headers, "headers"));
        requireNonNull(timeout, "timeout");
        requireNonNull(expectedStatus, "expectedStatus");
        requireNonNull(initialHost, "initialHost");
        if (target.getScheme() == null || target.getHost() == null) {
            throw new IllegalArgumentException("target: " + target + " (expected: an absolute URI with a host)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
    }

    /** Whether {@code status} passes: the expected status exactly, else any 2xx or 3xx. */
    boolean passes(int status) {
        return expectedStatus.isPresent() ? status == expectedStatus.getAsInt() : status >= 200 && status < 400;
    }

    /** What {@link #passes} expects, for error texts. */
    String expectation() {
        return expectedStatus.isPresent() ? Integer.toString(expectedStatus.getAsInt()) : "2xx or 3xx";
    }

    /** The scheme in lower case: {@code http}, {@code https} or {@code h2c}. */
    String scheme() {
        return target.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The port the target names, or the scheme's default (443 for https, else 80). */
    int port() {
        return target.getPort() >= 0 ? target.getPort() : "https".equals(scheme()) ? 443 : 80;
    }

    /** What one connection serves: scheme, host and port of the target, as {@code scheme://host:port}. */
    URI origin() {
        try {
            return new URI(scheme(), null, target.getHost(), port(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("origin of " + target + ": " + e.getReason(), e);
        }
    }

    /** The request target sent on the request line: the raw path (at least {@code /}) and query. */
    String pathAndQuery() {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }
}
