package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.kvroute.kv.layout.v1.CanonicalHeaderKey;
import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.http.RoutedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;

/**
 * The access log of Traefik's {@code --accesslog} flags: one line per completed request, in Traefik's common, generic
 * CLF or JSON format with its field names, on standard output or appended to a file. What a line needs is read from
 * the exchange when it completes, on its I/O thread (a few field reads; headers only when some are logged); the
 * filters apply there too; formatting and writing happen on the {@link AccessLogWriter}'s thread. Lines the writer
 * cannot take in time are dropped and counted as {@value #DROPPED} ({@code kvroute_accesslog_dropped_total}).
 */
public final class AccessLog implements AutoCloseable {
    /** The counter of lines dropped because the writer's queue was full or a write failed. */
    public static final String DROPPED = "kvroute.accesslog.dropped";

    private final AccessLogSettings settings;
    private final String providerSuffix;
    private final AccessLogWriter writer;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();

    private AccessLog(AccessLogSettings settings, String provider, AccessLogWriter writer, Clock clock) {
        this.settings = settings;
        this.providerSuffix = "@" + provider;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Opens the log (its file and directories created as needed) and starts its writer.
     *
     * @param provider the provider Traefik would name the configuration's, appended to router and service names
     * @throws CannotOpenAccessLog naming {@code --accesslog.filepath} when the file cannot be opened for appending
     */
    public static AccessLog open(AccessLogSettings settings, String provider, MeterRegistry registry) {
        requireNonNull(settings, "settings");
        requireNonNull(provider, "provider");
        Counter dropped = Counter.builder(DROPPED)
                .description("Access log lines dropped: the writer's queue was full or a write failed")
                .register(requireNonNull(registry, "registry"));
        OutputStream out = settings.filePath().map(AccessLog::append).orElse(System.out);
        Clock clock = Clock.systemUTC();
        return new AccessLog(settings, provider,
                new AccessLogWriter(settings, out, settings.filePath().isPresent(), dropped, clock), clock);
    }

    private static OutputStream append(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new CannotOpenAccessLog(file, e);
        }
    }

    /**
     * Logs a completed exchange of {@code entryPoint}, unless the filters leave it out.
     *
     * @param target     the request path as received (before any rewrite), without the query
     * @param query      the query string as received, without {@code ?}
     * @param host       the {@code Host} header as received, or null
     * @param startNanos {@link System#nanoTime()} when the request began
     * @param endNanos   {@link System#nanoTime()} when it completed
     */
    public void log(String entryPoint, HttpServerExchange exchange, String target, String query, String host,
            long startNanos, long endNanos) {
        long duration = endNanos - startNanos;
        RoutedRequest routed = RoutedRequest.of(exchange);
        int status = exchange.getStatusCode();
        int retries = routed == null ? 0 : routed.retryAttempts();
        if (!settings.filters().keeps(status, retries, duration)) {
            return;
        }
        BalancedServer server = routed == null ? null : routed.server();
        String router = routed == null ? "" : qualified(routed.match().routerName());
        String service = server != null ? qualified(server.key().service())
                : routed != null && routed.balanced() ? qualified(routed.match().balancer().service()) : "";
        int originStatus = routed == null ? 0 : routed.originStatus();
        long sent = exchange.getResponseBytesSent();
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        String clientIp = peer == null ? "" : InetAddresses.toAddrString(peer.getAddress());
        String clientPort = peer == null ? "" : Integer.toString(peer.getPort());
        String forwardedFor = exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_FOR);
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        SSLSession session = tls == null ? null : tls.getSSLSession();
        writer.offer(new AccessLogEntry(
                clock.instant().minusNanos(duration),
                duration,
                entryPoint,
                router,
                service,
                server == null ? "" : Secrets.hideUrlCredentials(server.url()),
                server == null ? "" : address(server.uri()),
                peer == null ? "" : peer.getAddress().getAddress().length == 16 ? "[" + clientIp + "]:" + clientPort
                        : clientIp + ":" + clientPort,
                forwardedFor != null && !forwardedFor.isEmpty() ? forwardedFor : clientIp,
                clientPort,
                host == null ? "" : host,
                exchange.getRequestMethod().toString(),
                query.isEmpty() ? target : target + "?" + query,
                exchange.getProtocol().toString(),
                exchange.getRequestScheme(),
                Math.max(0, exchange.getRequestContentLength()),
                originStatus,
                server == null ? 0 : endNanos - routed.firstAttemptNanos(),
                originStatus == 0 ? 0 : sent,
                status,
                sent,
                requests.incrementAndGet(),
                retries,
                session == null ? "" : session.getProtocol().replace("TLSv", ""),
                tls == null ? "" : tls.getCipherSuite(),
                headers(exchange.getRequestHeaders()),
                headers(exchange.getResponseHeaders())));
    }

    /** The headers logged as the fields say (kept with their values, redacted as {@code REDACTED}). */
    private List<AccessLogEntry.Header> headers(HeaderMap map) {
        if (settings.fields().dropsEveryHeader()) {
            return List.of();
        }
        List<AccessLogEntry.Header> logged = new ArrayList<>();
        for (HeaderValues values : map) {
            String name = values.getHeaderName().toString();
            switch (settings.fields().header(name)) {
                case KEEP -> logged.add(new AccessLogEntry.Header(CanonicalHeaderKey.of(name),
                        String.join(",", values)));
                case REDACT -> logged.add(new AccessLogEntry.Header(CanonicalHeaderKey.of(name), "REDACTED"));
                case DROP -> { }
            }
        }
        return logged;
    }

    /** A URL's {@code host[:port]}, without user info (Go's {@code URL.Host}). */
    private static String address(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    private String qualified(String name) {
        return name.contains("@") ? name : name + providerSuffix;
    }

    /** Writes the lines still queued, then closes the file. */
    @Override
    public void close() {
        writer.close();
    }
}
