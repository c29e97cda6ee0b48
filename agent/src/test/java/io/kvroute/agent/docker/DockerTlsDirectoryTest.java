package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker TLS directory read without BouncyCastle (the agent module does not have it): a real TLS handshake with a
 * server that requires the client's certificate.
 */
class DockerTlsDirectoryTest {
    private static final char[] PASSWORD = "test".toCharArray();

    @TempDir
    Path dir;

    @Test
    void theClientPresentsCertPemWithKeyPemAndTrustsTheServerThroughCaPem() throws Exception {
        TestCertificate server = TlsFixtures.a();
        TestCertificate client = TlsFixtures.b();
        Path certs = directory(server.certPem(), client.certPem(), client.keyPem());

        X509Certificate presented = handshake(new DockerTlsDirectory(certs).getSSLContext(), server, client);

        assertThat(presented).isEqualTo(client.certificate());
    }

    @Test
    void aPkcs1KeyAsDockerMachineWritesItIsRead() throws Exception {
        TestCertificate server = TlsFixtures.a();
        TestCertificate client = new TestCertificate(TlsFixtures.resource("pkcs1.crt"), TlsFixtures.resource("pkcs1.key"),
                PemKeyPairs.chain(TlsFixtures.resource("pkcs1.crt").getBytes(StandardCharsets.US_ASCII)).get(0));
        Path certs = directory(server.certPem(), client.certPem(), client.keyPem());

        X509Certificate presented = handshake(new DockerTlsDirectory(certs).getSSLContext(), server, client);

        assertThat(presented).isEqualTo(client.certificate());
    }

    @Test
    void aServerCaPemDoesNotVouchForIsRefused() throws Exception {
        TestCertificate server = TlsFixtures.a();
        TestCertificate client = TlsFixtures.b();
        Path certs = directory(client.certPem(), client.certPem(), client.keyPem());

        assertThatThrownBy(() -> handshake(new DockerTlsDirectory(certs).getSSLContext(), server, client))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsOneMessageNamingTheFile() throws IOException {
        Path certs = directory(TlsFixtures.a().certPem(), TlsFixtures.b().certPem(), TlsFixtures.a().keyPem());

        assertThatThrownBy(() -> new DockerTlsDirectory(certs).getSSLContext())
                .isInstanceOf(KeyManagementException.class)
                .hasMessage(certs.resolve("key.pem")
                        + ": private key does not match the certificate: the key is ECDSA, the certificate's is RSA");
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path certs = directory(TlsFixtures.a().certPem(), TlsFixtures.b().certPem(), TlsFixtures.b().keyPem());
        Files.delete(certs.resolve("ca.pem"));

        assertThatThrownBy(() -> new DockerTlsDirectory(certs).getSSLContext())
                .isInstanceOf(KeyManagementException.class)
                .hasMessageStartingWith(certs.resolve("ca.pem") + ": cannot be read");
    }

    private Path directory(String caPem, String certPem, String keyPem) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), caPem);
        Files.writeString(dir.resolve("cert.pem"), certPem);
        Files.writeString(dir.resolve("key.pem"), keyPem);
        return dir;
    }

    /**
     * Connects with {@code clientContext} to a loopback TLS server presenting {@code server} and requiring a client
     * certificate signed by {@code client}; returns the certificate the server received.
     */
    private static X509Certificate handshake(SSLContext clientContext, TestCertificate server, TestCertificate client)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext(server, client).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<X509Certificate> received = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    return (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                } catch (IOException e) {
                    return null;
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.startHandshake();
                socket.getOutputStream().flush();
            }
            return received.get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLContext serverContext(TestCertificate server, TestCertificate client)
            throws GeneralSecurityException, IOException, PemException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemKeyPairs.privateKey(server.keyPem().getBytes(StandardCharsets.US_ASCII)),
                PASSWORD, new X509Certificate[] {server.certificate()});
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", client.certificate());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
