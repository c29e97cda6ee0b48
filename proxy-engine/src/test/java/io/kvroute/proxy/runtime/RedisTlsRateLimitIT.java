package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RedisServerExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TraefikKeys;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rateLimit with {@code redis/tls}, through real etcd keys and a real redis-server that speaks only TLS, with a
 * certificate for 127.0.0.1 from a test CA: with that CA the limit applies (one request a minute); without it, with
 * or with another CA, the router answers 500 and forwards nothing (Traefik's
 * TLS client would not connect either); with {@code insecureSkipVerify} any certificate is taken.
 */
class RedisTlsRateLimitIT {
    private static final TestPki.Issued CA = TestPki.ca("CN=Redis Test CA");
    private static final TestPki.Issued OTHER_CA = TestPki.ca("CN=Another CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=redis", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.withTls(SERVER);

    /** Router {@code name} limited to one request a minute in the TLS Redis at {@code endpoint}, with {@code tls}. */
    private static TraefikKeys limited(TraefikKeys keys, String name, String endpoint, Backend backend,
            String... tls) {
        keys.router(name, "Host(`" + name + ".test`)", name).middlewares(name, name + "-limit")
                .middleware(name + "-limit", "rateLimit/average", "1")
                .middleware(name + "-limit", "rateLimit/period", "1m")
                .middleware(name + "-limit", "rateLimit/redis/endpoints/0", endpoint)
                .server(name, "one", backend.url());
        for (int i = 0; i < tls.length; i += 2) {
            keys.middleware(name + "-limit", "rateLimit/redis/tls/" + tls[i], tls[i + 1]);
        }
        return keys;
    }

    @Test
    void theLimitIsKeptOverTlsWithTheTrustedCaAndNothingIsForwardedWhenTheServerIsNotTrusted() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = new TraefikKeys();
            limited(keys, "trusted", REDIS.endpoint(), backend, "ca", CA.certPem());
            limited(keys, "insecure", REDIS.endpoint(), backend, "insecureSkipVerify", "true");
            limited(keys, "untrusted", REDIS.endpoint(), backend, "ca", OTHER_CA.certPem());
            limited(keys, "system", REDIS.endpoint(), backend, "insecureSkipVerify", "false");
            proxy.apply(keys.build());

            assertThat(List.of(proxy.get("trusted.test", "/").statusCode(),
                    proxy.get("trusted.test", "/").statusCode())).containsExactly(200, 429);
            assertThat(List.of(proxy.get("insecure.test", "/").statusCode(),
                    proxy.get("insecure.test", "/").statusCode())).containsExactly(200, 429);
            for (String host : List.of("untrusted.test", "system.test")) {
                assertThat(proxy.get(host, "/").statusCode()).as(host).isEqualTo(500);
            }
            assertThat(backend.received()).as("only the requests within the trusted limits").hasSize(2);
            assertThat(proxy.runtime().snapshot().problems()).isEmpty();
        }
    }
}
