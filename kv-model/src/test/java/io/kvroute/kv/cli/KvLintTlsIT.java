package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kv lint} on a real etcd reports the problems of the {@code tls} section, one line each. */
class KvLintTlsIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Test
    void reportsEachBrokenCertificateAndOptionsAndPassesTheGoodOnes() throws Exception {
        TestCertificate a = TlsFixtures.a();
        TestCertificate old = TlsFixtures.expired();
        try (KvStore store = KvStores.open(etcd.settings())) {
            store.commit(KvTransaction.builder()
                    .put("traefik/tls/certificates/good/certFile", a.certPem())
                    .put("traefik/tls/certificates/good/keyFile", a.keyPem())
                    .put("traefik/tls/certificates/old/certFile", old.certPem())
                    .put("traefik/tls/certificates/old/keyFile", old.keyPem())
                    .put("traefik/tls/certificates/mixed/certFile", a.certPem())
                    .put("traefik/tls/certificates/mixed/keyFile", TlsFixtures.b().keyPem())
                    .put("traefik/tls/options/strict/minVersion", "VersionTLS13")
                    .put("traefik/tls/options/typo/cipherSuites/0", "TLS_ECDHE_RSA_WITH_AES_128_GCM")
                    .build());
        }

        CliRun run = CliRun.of(new KvCommand(), "lint", "--etcd.endpoint=" + etcd.endpoint());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out().lines().limit(3)).containsExactly(
                "error traefik/tls/certificates/mixed/keyFile=\"PEM content (" + TlsFixtures.b().keyPem().length()
                        + " characters)\": private key does not match the certificate: the key is RSA, the "
                        + "certificate's is ECDSA",
                "error traefik/tls/certificates/old/certFile=\"PEM content (" + old.certPem().length()
                        + " characters)\": certificate CN=old.test expired on "
                        + old.certificate().getNotAfter().toInstant() + " (expected a certificate valid now)",
                "error traefik/tls/options/typo/cipherSuites/0=\"TLS_ECDHE_RSA_WITH_AES_128_GCM\": unknown cipher "
                        + "suite (expected one of Go's names Traefik accepts, such as "
                        + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_AES_128_GCM_SHA256)");
        assertThat(run.out().lines().skip(3)).singleElement().asString()
                .startsWith("3 problems (3 errors) under traefik in ");
        assertThat(run.out()).doesNotContain("PRIVATE KEY");
    }
}
