package io.kvroute.kv.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.testing.KeytoolCertificates;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemKeyPairsTest {
    @Test
    void pkcs8KeysOfEveryKindMatchTheirCertificates() throws PemException {
        for (TestCertificate made : List.of(TlsFixtures.a(), TlsFixtures.b(), TlsFixtures.ed())) {
            PemKeyPair pair = pair(made.certPem(), made.keyPem());

            assertThat(pair.leaf()).isEqualTo(made.certificate());
            assertThat(pair.chain()).hasSize(1);
        }
        assertThat(KeyKind.of(pair(TlsFixtures.ed().certPem(), TlsFixtures.ed().keyPem()).key()))
                .contains(KeyKind.ED25519);
    }

    @Test
    void pkcs1AndSec1KeysAsOpenSslWritesThemMatchTheirCertificates() throws PemException {
        PemKeyPair rsa = pair(TlsFixtures.resource("pkcs1.crt"), TlsFixtures.resource("pkcs1.key"));
        PemKeyPair ec = pair(TlsFixtures.resource("sec1.crt"), TlsFixtures.resource("sec1.key"));

        assertThat(rsa.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=pkcs1.test");
        assertThat(KeyKind.of(rsa.key())).contains(KeyKind.RSA);
        assertThat(ec.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=sec1.test");
        assertThat(KeyKind.of(ec.key())).contains(KeyKind.ECDSA);
    }

    @Test
    void textAroundBlocksHeadersAndOtherBlocksAreSkippedAsGoSkipsThem() throws PemException {
        TestCertificate a = TlsFixtures.a();
        String certFile = "Bag Attributes\n    friendlyName: a\nsubject=CN = a.test\n" + a.certPem()
                + KeytoolCertificates.pem("X509 CRL", new byte[] {1, 2, 3}) + TlsFixtures.b().certPem();
        String keyFile = KeytoolCertificates.pem("EC PARAMETERS", new byte[] {6, 8, 42})
                + a.keyPem().replace("-----BEGIN PRIVATE KEY-----\n",
                        "-----BEGIN PRIVATE KEY-----\nComment: made by keytool\n\n");

        PemKeyPair pair = pair(certFile, keyFile);

        assertThat(pair.chain()).containsExactly(a.certificate(), TlsFixtures.b().certificate());
    }

    @Test
    void swappedFilesAreNamedAsSuch() {
        TestCertificate a = TlsFixtures.a();

        assertThatThrownBy(() -> PemKeyPairs.chain(bytes(a.keyPem()))).isInstanceOf(PemException.class)
                .hasMessage("holds a private key, not a certificate (certFile and keyFile swapped?)");
        assertThatThrownBy(() -> PemKeyPairs.privateKey(bytes(a.certPem()))).isInstanceOf(PemException.class)
                .hasMessage("holds a certificate, not a private key (certFile and keyFile swapped?)");
    }

    @Test
    void textWithoutUsableBlocksSaysWhatItFound() {
        String badBase64 = "-----BEGIN CERTIFICATE-----\n%%%not base64%%%\n-----END CERTIFICATE-----\n";
        String notDer = KeytoolCertificates.pem("CERTIFICATE", "not a certificate".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PemKeyPairs.chain(bytes("/etc/missing.pem"))).hasMessage(
                "no CERTIFICATE block (no PEM data found)");
        assertThatThrownBy(() -> PemKeyPairs.chain(bytes(badBase64))).hasMessage(
                "no CERTIFICATE block (no PEM data found)");
        assertThatThrownBy(() -> PemKeyPairs.chain(bytes(KeytoolCertificates.pem("PUBLIC KEY", new byte[] {1}))))
                .hasMessage("no CERTIFICATE block (found: PUBLIC KEY)");
        assertThatThrownBy(() -> PemKeyPairs.chain(bytes(notDer))).hasMessageStartingWith(
                "certificate 1 does not parse: ");
        assertThatThrownBy(() -> PemKeyPairs.privateKey(bytes(KeytoolCertificates.pem("PRIVATE KEY",
                new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})))).hasMessage(
                "private key does not parse: neither PKCS #1, PKCS #8 nor SEC 1");
    }

    @Test
    void anEncryptedKeyIsRefused() {
        assertThatThrownBy(() -> PemKeyPairs.privateKey(bytes(TlsFixtures.resource("encrypted.key"))))
                .isInstanceOf(PemException.class)
                .hasMessage("private key does not parse: neither PKCS #1, PKCS #8 nor SEC 1");
    }

    @Test
    void aKeyOfAnotherCertificateDoesNotMatch() throws PemException {
        List<X509Certificate> a = PemKeyPairs.chain(bytes(TlsFixtures.a().certPem()));
        PrivateKey otherEcKey = PemKeyPairs.privateKey(bytes(TlsFixtures.notYetValid().keyPem()));
        PrivateKey rsaKey = PemKeyPairs.privateKey(bytes(TlsFixtures.b().keyPem()));

        assertThatThrownBy(() -> PemKeyPairs.pair(a, otherEcKey))
                .hasMessage("private key does not match the certificate's public key");
        assertThatThrownBy(() -> PemKeyPairs.pair(a, rsaKey))
                .hasMessage("private key does not match the certificate: the key is RSA, the certificate's is ECDSA");
    }

    @Test
    void caFilesKeepEveryCertificateThatParsesAndNeedOne() throws PemException {
        String notDer = KeytoolCertificates.pem("CERTIFICATE", new byte[] {0x30, 0x00});
        String bundle = TlsFixtures.a().certPem() + notDer + TlsFixtures.b().certPem();

        assertThat(PemKeyPairs.certificates(bytes(bundle)))
                .containsExactly(TlsFixtures.a().certificate(), TlsFixtures.b().certificate());
        assertThatThrownBy(() -> PemKeyPairs.certificates(bytes(notDer)))
                .hasMessage("no CERTIFICATE block that parses (found: CERTIFICATE)");
        assertThatThrownBy(() -> PemKeyPairs.certificates(bytes(TlsFixtures.a().keyPem())))
                .hasMessage("no CERTIFICATE block that parses (found: PRIVATE KEY)");
    }

    private static PemKeyPair pair(String certPem, String keyPem) throws PemException {
        return PemKeyPairs.pair(PemKeyPairs.chain(bytes(certPem)), PemKeyPairs.privateKey(bytes(keyPem)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
