package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What one completed request leaves for its access log line, read from the exchange on its I/O thread and formatted
 * later on the writer's. Text fields Traefik leaves out when they do not apply are {@code ""} here (no router
 * matched, no server picked, no {@code Host}, no TLS); the origin's fields are 0 when no server answered, as
 * Traefik initialises them.
 *
 * @param start               when the request began (wall clock)
 * @param durationNanos       the whole exchange, until the response was sent
 * @param entryPoint          the entry point's name
 * @param routerName          the router that matched it, {@code name@provider}
 * @param serviceName         the load-balanced service it reached, {@code name@provider}
 * @param serviceUrl          the URL of the server it went to last (credentials hidden)
 * @param serviceAddr         that URL's {@code host:port}
 * @param clientAddr          the peer's {@code ip:port} ({@code [ip6]:port})
 * @param clientHost          the peer's IP, or the {@code X-Forwarded-For} the entry point kept
 * @param clientPort          the peer's port
 * @param requestAddr         the {@code Host} header
 * @param method              the request method
 * @param path                the request target as received, without scheme and authority
 * @param protocol            {@code HTTP/1.1}, {@code HTTP/2.0}, ...
 * @param scheme              {@code http} or {@code https}
 * @param requestContentSize  the request body's declared length (0 without {@code Content-Length})
 * @param originStatus        the status the server answered with
 * @param originDurationNanos from the first pick of a server to the end of the exchange
 * @param originContentSize   the response body bytes sent when a server answered
 * @param downstreamStatus    the status the client got
 * @param downstreamContentSize the response body bytes the client got
 * @param requestCount        this request's number since the proxy started (Traefik's RequestCount)
 * @param retryAttempts       how many times the request went to a server again
 * @param tlsVersion          {@code 1.2}, {@code 1.3}, ...
 * @param tlsCipher           the cipher suite's IANA name
 * @param requestHeaders      the request headers kept or redacted, in order
 * @param downstreamHeaders   the response headers kept or redacted, in order
 */
record AccessLogEntry(
        Instant start,
        long durationNanos,
        String entryPoint,
        String routerName,
        String serviceName,
        String serviceUrl,
        String serviceAddr,
        String clientAddr,
        String clientHost,
        String clientPort,
        String requestAddr,
        String method,
        String path,
        String protocol,
        String scheme,
        long requestContentSize,
        int originStatus,
        long originDurationNanos,
        long originContentSize,
        int downstreamStatus,
        long downstreamContentSize,
        long requestCount,
        int retryAttempts,
        String tlsVersion,
        String tlsCipher,
        List<Header> requestHeaders,
        List<Header> downstreamHeaders) {

    /** A header as logged: its name in Go's canonical form ({@code User-Agent}) and its values joined by commas. */
    record Header(String name, String value) {
        Header {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    AccessLogEntry {
        requireNonNull(start, "start");
        requestHeaders = List.copyOf(requestHeaders);
        downstreamHeaders = List.copyOf(downstreamHeaders);
    }

    /** The value of request header {@code name} as logged, or {@code ""} when it is not. */
    String requestHeader(String name) {
        for (Header header : requestHeaders) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return "";
    }
}
