package io.kvroute.kv.cli;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The store flags every command shares, spelled as Traefik spells them ({@code --etcd --etcd.endpoint=h:2379}).
 * {@code --etcd.endpoint} or {@code --consul.endpoint} alone implies the store.
 */
public final class StoreOptions {
    static final String DEFAULT_ETCD = "127.0.0.1:2379";
    static final String DEFAULT_CONSUL = "127.0.0.1:8500";

    @Option(names = "--etcd", description = "Use etcd v3 as the store (default endpoint " + DEFAULT_ETCD + ").")
    boolean etcd;

    @Option(names = "--etcd.endpoint", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "etcd endpoints, comma separated; implies --etcd.")
    String etcdEndpoint;

    @Option(names = "--etcd.username", paramLabel = "USER", description = "etcd user name.")
    String etcdUsername;

    @Option(names = "--etcd.password", paramLabel = "PASSWORD", description = "etcd password.")
    String etcdPassword;

    @Option(names = "--etcd.tls.ca", paramLabel = "FILE", description = "CA certificate (PEM) to verify etcd with.")
    Path etcdTlsCa;

    @Option(names = "--etcd.tls.cert", paramLabel = "FILE", description = "Client certificate (PEM) for etcd.")
    Path etcdTlsCert;

    @Option(names = "--etcd.tls.key", paramLabel = "FILE", description = "Client key (PKCS#8 PEM) for etcd.")
    Path etcdTlsKey;

    @Option(names = "--etcd.keepalive.time", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "gRPC keep-alive: ping an etcd connection idle this long (default: ${DEFAULT-VALUE}, "
                    + "jetcd's; at least 10s, gRPC's floor).")
    Duration etcdKeepaliveTime;

    @Option(names = "--etcd.keepalive.timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "gRPC keep-alive: close an etcd connection whose ping got no answer in this time and move "
                    + "to another member (default: ${DEFAULT-VALUE}, jetcd's).")
    Duration etcdKeepaliveTimeout;

    @Option(names = "--consul", description = "Use Consul KV as the store (default endpoint " + DEFAULT_CONSUL + ").")
    boolean consul;

    @Option(names = "--consul.endpoint", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Consul HTTP API endpoints, comma separated; implies --consul.")
    String consulEndpoint;

    @Option(names = "--consul.token", paramLabel = "TOKEN",
            description = "Consul ACL token, sent as the X-Consul-Token header (never in URLs or logs).")
    String consulToken;

    @Option(names = "--consul.tls.ca", paramLabel = "FILE", description = "CA certificate (PEM) to verify Consul with.")
    Path consulTlsCa;

    @Option(names = "--consul.tls.cert", paramLabel = "FILE", description = "Client certificate (PEM) for Consul.")
    Path consulTlsCert;

    @Option(names = "--consul.tls.key", paramLabel = "FILE", description = "Client key (PKCS#8 PEM) for Consul.")
    Path consulTlsKey;

    @Option(names = "--store.timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Deadline of every store call (default: ${DEFAULT-VALUE}; a bare number means seconds).")
    Duration timeout;

    /** True when any etcd or Consul flag was given. */
    public boolean isGiven() {
        return etcd || etcdEndpoint != null || consul || consulEndpoint != null;
    }

    /**
     * The validated settings, or {@code fallback} when no store flag was given.
     *
     * @throws IllegalArgumentException naming the flag and what was expected
     */
    public StoreSettings toSettings(Optional<StoreSettings> fallback) {
        boolean useEtcd = etcd || etcdEndpoint != null;
        boolean useConsul = consul || consulEndpoint != null;
        if (useEtcd && useConsul) {
            throw new IllegalArgumentException("--etcd and --consul: both given (expected: exactly one store)");
        }
        if (!useEtcd && !useConsul) {
            return fallback.orElseThrow(() -> new IllegalArgumentException(
                    "no store given (expected: --etcd[.endpoint=HOST:PORT] or --consul[.endpoint=HOST:PORT])"));
        }
        if (useEtcd) {
            if (etcdKeepaliveTime.compareTo(StoreSettings.GRPC_KEEPALIVE_FLOOR) < 0) {
                throw new IllegalArgumentException("--etcd.keepalive.time: " + GoDuration.format(etcdKeepaliveTime)
                        + " (expected: >= 10s, the shortest gRPC allows)");
            }
            if (etcdKeepaliveTimeout.isNegative() || etcdKeepaliveTimeout.isZero()) {
                throw new IllegalArgumentException("--etcd.keepalive.timeout: "
                        + GoDuration.format(etcdKeepaliveTimeout) + " (expected: > 0)");
            }
            StoreSettings settings = StoreSettings.etcd(endpoints("--etcd.endpoint", etcdEndpoint, DEFAULT_ETCD))
                    .withRequestTimeout(timeout).withKeepalive(etcdKeepaliveTime, etcdKeepaliveTimeout);
            if (etcdUsername != null || etcdPassword != null) {
                if (etcdUsername == null || etcdPassword == null) {
                    throw new IllegalArgumentException(
                            "--etcd.username/--etcd.password: only one given (expected: both or neither)");
                }
                settings = settings.withCredentials(etcdUsername, etcdPassword);
            }
            return withTls(settings, "--etcd.tls", etcdTlsCa, etcdTlsCert, etcdTlsKey);
        }
        StoreSettings settings = StoreSettings.consul(endpoints("--consul.endpoint", consulEndpoint, DEFAULT_CONSUL))
                .withRequestTimeout(timeout);
        if (consulToken != null) {
            settings = settings.withToken(consulToken);
        }
        return withTls(settings, "--consul.tls", consulTlsCa, consulTlsCert, consulTlsKey);
    }

    private static StoreSettings withTls(StoreSettings settings, String flag, Path ca, Path cert, Path key) {
        if (ca == null && cert == null && key == null) {
            return settings;
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(flag + ".cert/" + flag + ".key: only one given (expected: both or neither)");
        }
        for (Path file : new Path[] {ca, cert, key}) {
            if (file != null && !java.nio.file.Files.isReadable(file)) {
                throw new IllegalArgumentException(flag + ": " + file + " is not a readable file");
            }
        }
        return settings.withTls(ca, cert, key);
    }

    static String[] endpoints(String flag, String value, String fallback) {
        String raw = value == null ? fallback : value;
        List<String> result = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String endpoint = part.trim().replaceFirst("^[a-z]+://", "");
            int colon = endpoint.lastIndexOf(':');
            if (endpoint.isEmpty() || colon <= 0 || colon == endpoint.length() - 1) {
                throw new IllegalArgumentException(flag + ": '" + part.trim() + "' (expected: HOST:PORT)");
            }
            String port = endpoint.substring(colon + 1);
            if (port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException(flag + ": '" + part.trim() + "' has port '" + port
                        + "' (expected: 1-65535)");
            }
            result.add(endpoint);
        }
        return result.toArray(String[]::new);
    }
}
