package io.kvroute.kv.store.consul;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.config.CacheConfig;
import org.kiwiproject.consul.config.ClientConfig;

/**
 * Builds the consul-client {@link Consul} for {@link StoreSettings}: the agents' host:port (failing over in order),
 * the ACL token as the {@code X-Consul-Token} header (never the {@code ?token=} query parameter, which ends up in
 * logs), HTTPS when TLS files are given, and timeouts of {@link StoreSettings#requestTimeout()}. Blocking queries get
 * their read timeout raised above their {@code wait} by consul-client's timeout interceptor.
 */
final class ConsulConnection {
    static final int DEFAULT_PORT = 8500;
    private static final Duration FAILOVER_BLACKLIST = Duration.ofSeconds(5);

    private ConsulConnection() {
    }

    static Consul open(StoreSettings settings) {
        List<HostAndPort> agents = agents(settings);
        Optional<ConsulTls> tls = ConsulTls.from(settings);
        long timeoutMillis = settings.requestTimeout().toMillis();
        CacheConfig blockingQueries = CacheConfig.builder()
                .withTimeoutAutoAdjustmentEnabled(true)
                .withTimeoutAutoAdjustmentMargin(settings.requestTimeout())
                .build();
        Consul.Builder builder = Consul.builder()
                .withPing(false)
                .withHttps(tls.isPresent())
                .withHostAndPort(agents.get(0))
                .withConnectTimeoutMillis(timeoutMillis)
                .withReadTimeoutMillis(timeoutMillis)
                .withWriteTimeoutMillis(timeoutMillis)
                .withClientConfiguration(new ClientConfig(blockingQueries));
        if (agents.size() > 1) {
            builder.withMultipleHostAndPort(agents, FAILOVER_BLACKLIST);
        }
        settings.token().ifPresent(builder::withTokenAuth);
        if (settings.username().isPresent() && settings.password().isPresent()) {
            builder.withBasicAuth(settings.username().get(), settings.password().get());
        }
        tls.ifPresent(t -> builder.withSslContext(t.context()).withTrustManager(t.trustManager()));
        return builder.build();
    }

    /** {@code consul http://127.0.0.1:8500} (or https, several agents comma-separated). */
    static String describe(StoreSettings settings) {
        boolean tls = settings.tlsCa().isPresent() || settings.tlsCert().isPresent() || settings.tlsKey().isPresent();
        String scheme = tls ? "https://" : "http://";
        return "consul " + agents(settings).stream().map(a -> scheme + a).collect(Collectors.joining(","));
    }

    private static List<HostAndPort> agents(StoreSettings settings) {
        return settings.endpoints().stream().map(ConsulConnection::agent).toList();
    }

    private static HostAndPort agent(String endpoint) {
        String hostPort = endpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
        try {
            HostAndPort parsed = HostAndPort.fromString(hostPort).withDefaultPort(DEFAULT_PORT);
            if (parsed.getHost().isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new KvStoreException(Kind.INVALID, "consul.endpoint: \"" + endpoint
                    + "\" (expected: host:port, e.g. 127.0.0.1:8500)", e);
        }
    }
}
