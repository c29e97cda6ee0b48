package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.kvroute.proxy.testing.TestPki;
import io.undertow.Undertow;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * forwardAuth's tls section against a real HTTPS auth server (Undertow) with a certificate for 127.0.0.1 from a test
 * CA, which requires a client certificate from the same CA.
 */
class ForwardAuthTlsTest {
    private static final TestPki.Issued CA = TestPki.ca("CN=Auth Test CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=auth", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    private static final TestPki.Issued CLIENT = TestPki.leaf(CA, "CN=kvroute", BigInteger.TEN,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), List.of());
    private static Undertow authServer;
    private static String address;

    @BeforeAll
    static void startAuthServer() {
        authServer = Undertow.builder().addHttpsListener(0, "127.0.0.1", SERVER.context(CA.certificate()))
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED).setIoThreads(1)
                .setWorkerThreads(2).setHandler(exchange -> exchange.getResponseSender().send("")).build();
        authServer.start();
        address = "https://127.0.0.1:"
                + ((InetSocketAddress) authServer.getListenerInfo().get(0).getAddress()).getPort() + "/verify";
    }

    @AfterAll
    static void stopAuthServer() {
        authServer.stop();
    }

    private static int status(String... tls) {
        List<String> keys = new ArrayList<>(List.of("address", address));
        keys.addAll(List.of(tls));
        Middleware middleware = DecodedMiddleware.of("sso", "forwardAuth", keys.toArray(String[]::new));
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER)
                .handler())) {
            return Http.get(server.uri("/")).statusCode();
        }
    }

    @Test
    void theCaAndClientCertificateReachTheAuthServer() {
        assertThat(status("tls/ca", CA.certPem(), "tls/cert", CLIENT.certPem(), "tls/key", CLIENT.keyPem()))
                .isEqualTo(200);
    }

    @Test
    void insecureSkipVerifyTrustsAnyServerCertificate() {
        assertThat(status("tls/insecureSkipVerify", "true", "tls/cert", CLIENT.certPem(), "tls/key",
                CLIENT.keyPem(), "tls/caOptional", "true")).isEqualTo(200);
    }

    @Test
    void anUntrustedServerOrAMissingClientCertificateIs500() {
        assertThat(status()).isEqualTo(500);
        assertThat(status("tls/ca", CA.certPem())).isEqualTo(500);
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesKey() {
        assertThatThrownBy(() -> status("tls/ca", CA.certPem(), "tls/cert", CLIENT.certPem(), "tls/key",
                SERVER.keyPem()))
                .isInstanceOf(MiddlewareException.class)
                .hasMessageStartingWith("middleware \"sso\" (forwardAuth): tls/key \"PEM content (")
                .hasMessageEndingWith("characters)\" (expected: the PEM private key of cert; private key does not "
                        + "match the certificate's public key)")
                .hasMessageNotContaining("PRIVATE KEY");
    }
}
