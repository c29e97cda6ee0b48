package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.proxy.testing.TestPki;
import io.undertow.UndertowOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * A servers transport's TLS settings compiled: every value that cannot be used refuses the transport with the field
 * named, the server name becomes SNI (not for an IP address) and the peer host the certificate is checked against,
 * and the certificate checks that need no handshake ({@code insecureSkipVerify}, {@code peerCertURI}). Handshakes
 * themselves are in {@code ServersTransportTlsIT}.
 */
class ServerTlsTest {
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=test CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=server", BigInteger.TWO, NOT_BEFORE, NOT_AFTER,
            List.of(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://test/server")));
    private static final TestPki.Issued OTHER = TestPki.leaf(CA, "CN=other", BigInteger.TEN, NOT_BEFORE, NOT_AFTER,
            List.of());

    private static ServerTlsSettings settings(String serverName, boolean insecure, List<String> roots,
            List<CertificateFiles> certificates, String peerCertUri) {
        return new ServerTlsSettings(serverName, insecure, roots.stream().map(FileOrContent::new).toList(),
                certificates, peerCertUri);
    }

    @Test
    void aRootCaThatIsNoCertificateRefusesTheTransportNamingItsIndex() {
        assertThatThrownBy(() -> ServerTls.compile(settings("", false, List.of(CA.certPem(), "/no/such/ca.pem"),
                List.of(), "")))
                .isInstanceOf(TransportException.class)
                .hasMessage("rootCAs/1 \"/no/such/ca.pem\": no CERTIFICATE block that parses (no PEM data found) "
                        + "(expected: a PEM file or PEM content with CA certificates)");
    }

    @Test
    void aClientCertificateWithoutItsKeyRefusesTheTransportNamingTheKeyFile() {
        assertThatThrownBy(() -> ServerTls.compile(settings("", false, List.of(), List.of(
                CertificateFiles.of(SERVER.certPem(), SERVER.keyPem()),
                CertificateFiles.of(SERVER.certPem(), OTHER.keyPem())), "")))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("certificates/1/keyFile \"PEM content (")
                .hasMessageContaining("private key does not match the certificate's public key")
                .hasMessageEndingWith("(expected: the PEM private key of certFile)");
    }

    @Test
    void theServerNameIsTheSniAndThePeerHostButAnIpAddressIsSentAsNoSni() throws TransportException {
        OptionMap named = ServerTls.compile(settings("origin.internal", false, List.of(), List.of(), ""))
                .connectOptions();
        OptionMap address = ServerTls.compile(settings("10.0.0.7", false, List.of(), List.of(), "")).connectOptions();

        assertThat(named.get(UndertowOptions.SSL_SNI_HOSTNAME)).isEqualTo("origin.internal");
        assertThat(named.get(Options.SSL_PEER_HOST_NAME)).isEqualTo("origin.internal");
        assertThat(address.get(UndertowOptions.SSL_SNI_HOSTNAME)).isNull();
        assertThat(address.get(Options.SSL_PEER_HOST_NAME)).isEqualTo("10.0.0.7");
        assertThat(ServerTls.jdkDefault().connectOptions().size()).isZero();
    }

    @Test
    void equalSettingsAreEqualContextsSoTheyShareConnectionPools() throws TransportException {
        ServerTlsSettings settings = settings("a.test", false, List.of(CA.certPem()), List.of(), "");

        assertThat(ServerTls.compile(settings)).isEqualTo(ServerTls.compile(settings))
                .isNotEqualTo(ServerTls.compile(settings("b.test", false, List.of(CA.certPem()), List.of(), "")));
        assertThat(ServerTls.jdkDefault()).isSameAs(ServerTls.jdkDefault());
    }

    /**
     * A file rewritten in place makes the TLS read from it stale ({@link FileDigests}), and the TLS compiled again from
     * the same settings another one (pools of its own); each file is read once per {@link FileDigests}.
     */
    @Test
    void aFileRewrittenInPlaceMakesTheTlsReadFromItStaleAndItsRecompilationAnotherTls(@TempDir Path dir)
            throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.pem"), CA.certPem());
        ServerTlsSettings settings = settings("a.test", false, List.of(caFile.toString()), List.of(), "");
        ServerTls read = ServerTls.compile(settings);
        FileDigests unchanged = new FileDigests();
        assertThat(unchanged.stillAsRead(read)).isTrue();
        assertThat(ServerTls.compile(settings)).isEqualTo(read);

        Files.writeString(caFile, CA.certPem() + TestPki.ca("CN=another CA").certPem());
        assertThat(unchanged.stillAsRead(read)).as("its digest already taken by this build").isTrue();
        assertThat(new FileDigests().stillAsRead(read)).isFalse();
        ServerTls renewed = ServerTls.compile(settings);
        assertThat(renewed).isNotEqualTo(read);
        assertThat(new FileDigests().stillAsRead(renewed)).isTrue();

        Files.delete(caFile);
        assertThat(new FileDigests().stillAsRead(renewed)).as("a file that cannot be read").isFalse();
    }

    @Test
    void settingsShowNoPemContent() {
        String shown = settings("", false, List.of(CA.certPem()), List.of(CertificateFiles.of("/etc/c.pem",
                SERVER.keyPem())), "").toString();

        assertThat(shown).doesNotContain("BEGIN").contains("/etc/c.pem").contains("PEM content (");
    }

    @Test
    void insecureSkipVerifyAcceptsAnyChainAndPeerCertUriChecksTheChainAndTheUri() throws Exception {
        X509ExtendedTrustManager chains = trustOnly(CA.certificate());
        SSLEngine engine = ServerTls.jdkDefault().context().createSSLEngine("server.test", 443);
        X509Certificate[] stranger = {TestPki.ca("CN=stranger").certificate()};
        X509Certificate[] signed = {SERVER.certificate(), CA.certificate()};

        new ServerTrust(chains, true, "").checkServerTrusted(stranger, "ECDHE_ECDSA", engine);
        new ServerTrust(chains, true, "spiffe://test/server").checkServerTrusted(signed, "ECDHE_ECDSA", engine);
        assertThatThrownBy(() -> new ServerTrust(chains, true, "spiffe://test/other")
                .checkServerTrusted(signed, "ECDHE_ECDSA", engine))
                .isInstanceOf(CertificateException.class)
                .hasMessage("the server certificate does not carry the URI spiffe://test/other (expected by "
                        + "peerCertURI)");
        assertThatThrownBy(() -> new ServerTrust(chains, true, "spiffe://test/server")
                .checkServerTrusted(stranger, "ECDHE_ECDSA", engine))
                .isInstanceOf(CertificateException.class);
    }

    private static X509ExtendedTrustManager trustOnly(X509Certificate root) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }
}
