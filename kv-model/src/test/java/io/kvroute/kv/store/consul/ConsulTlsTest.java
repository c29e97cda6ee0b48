package io.kvroute.kv.store.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.StoreSettings;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Loading PEM files into the TLS settings of the Consul client, and refusing incomplete ones. */
class ConsulTlsTest {
    private static final StoreSettings PLAIN = StoreSettings.consul("127.0.0.1:8501");

    @Test
    void plainSettingsMeanPlainHttp() {
        assertThat(ConsulTls.from(PLAIN)).isEmpty();
        assertThat(ConsulConnection.describe(PLAIN)).isEqualTo("consul http://127.0.0.1:8501");
    }

    @Test
    void aCaAndAClientCertificateWithItsKeyMakeAnHttpsContextTrustingTheCa() {
        StoreSettings tls = PLAIN.withTls(resource("ca.pem"), resource("client.pem"), resource("client.key"));

        ConsulTls loaded = ConsulTls.from(tls).orElseThrow();

        X509Certificate[] trusted = loaded.trustManager().getAcceptedIssuers();
        assertThat(trusted).singleElement().satisfies(ca ->
                assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=kvroute test CA"));
        assertThat(loaded.context().getProtocol()).isEqualTo("TLS");
        assertThat(ConsulConnection.describe(tls)).isEqualTo("consul https://127.0.0.1:8501");
    }

    @Test
    void aCertificateWithoutItsKeyIsInvalid() {
        StoreSettings halfDone = PLAIN.withTls(resource("ca.pem"), resource("client.pem"), null);

        assertThatThrownBy(() -> ConsulTls.from(halfDone))
                .isInstanceOfSatisfying(KvStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("consul.tls: cert " + resource("client.pem")
                            + ", key (none) (expected: both a client certificate and its key, or neither)");
                });
    }

    @Test
    void aKeyThatIsNotPkcs8IsInvalidAndNamesTheFiles() {
        StoreSettings swapped = PLAIN.withTls(null, resource("client.pem"), resource("client.pem"));

        assertThatThrownBy(() -> ConsulTls.from(swapped))
                .isInstanceOfSatisfying(KvStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID);
                    assertThat(e.getMessage()).startsWith("consul.tls: cannot load no ca, cert "
                            + resource("client.pem") + ", key " + resource("client.pem"));
                    assertThat(e.getMessage()).endsWith("expected: PEM certificates and a PKCS#8 PEM private key)");
                });
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(ConsulTlsTest.class.getResource("/consul-tls/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test resource /consul-tls/" + name, e);
        }
    }
}
