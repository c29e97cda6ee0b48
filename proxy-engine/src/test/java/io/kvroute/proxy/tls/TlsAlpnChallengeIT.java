package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

/**
 * TLS-ALPN-01 on a real TLS entry point (RFC 8737): a client offering {@code acme-tls/1} for a name with a pending
 * challenge gets that challenge certificate with {@code acme-tls/1} selected and the connection closed after the
 * handshake, HTTP never served on it; {@code acme-tls/1} for a name without one is refused; a client not offering
 * {@code acme-tls/1} never sees the challenge certificate.
 */
class TlsAlpnChallengeIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final String NAME = "challenge.test";

    @Test
    void acmeTls1GetsThePendingChallengeCertificateAndNothingElse() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            int port = HttpsEntryPointIT.port(proxy, "websecure");
            TlsClient client = TlsClient.trustingAnything();
            assertThatThrownBy(() -> client.handshake(port, Optional.of(NAME), TlsAlpnChallengeAnswer.ACME_TLS_1))
                    .as("no challenge pending").isInstanceOf(IOException.class);

            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            X509Certificate challenge = CertificateUtils.createTlsAlpn01Certificate(key, Identifier.dns(NAME),
                    new byte[32]);
            proxy.runtime().publishManagedCertificates(new ManagedCertificates(List.of(), List.of(), Map.of(NAME,
                    ServedCertificate.of("tls-alpn-01/" + NAME, ServedCertificate.ACME,
                            new PemKeyPair(List.of(challenge), key.getPrivate())))));

            Socket plain = new Socket();
            plain.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            plain.setSoTimeout(5_000);
            try (SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket(plain, NAME, port,
                    true)) {
                socket.setSSLParameters(client.parameters(Optional.of(NAME), TlsAlpnChallengeAnswer.ACME_TLS_1));
                socket.startHandshake();
                assertThat(socket.getApplicationProtocol()).isEqualTo(TlsAlpnChallengeAnswer.ACME_TLS_1);
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(challenge);
                assertThat(readAfterRequest(socket)).as("closed after the handshake, no HTTP").isEqualTo(-1);
            }

            assertThatThrownBy(() -> client.handshake(port, Optional.of("other.test"),
                    TlsAlpnChallengeAnswer.ACME_TLS_1)).as("another name has no challenge pending")
                    .isInstanceOf(IOException.class);
            assertThat(client.handshake(port, Optional.of(NAME), "h2", "http/1.1").leaf())
                    .as("without acme-tls/1 the challenge certificate is never presented").isNotEqualTo(challenge);
        }
    }

    /** Sends a request and reads: -1 when the server closed instead of answering. */
    private static int readAfterRequest(SSLSocket socket) {
        try {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + NAME + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return socket.getInputStream().read();
        } catch (IOException closed) {
            return -1;
        }
    }
}
