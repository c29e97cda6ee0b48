package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Middleware;
import io.kvroute.proxy.testing.TestPki;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * A real TLS Undertow server asking for client certificates (not requiring them), the middleware in front of the
 * echo backend; clients with and without a certificate signed by the test CA.
 */
class PassTlsClientCertHandlerTest {
    private static final TestPki.Issued CA = TestPki.ca("C=FR,O=Cheese CA,CN=Cheese Root");
    private static final Instant NOT_BEFORE = Instant.ofEpochSecond(1_700_000_000L);
    private static final Instant NOT_AFTER = Instant.ofEpochSecond(4_100_000_000L);
    private static final TestPki.Issued CLIENT = TestPki.leaf(CA,
            "DC=org,DC=cheese,C=FR,C=US,ST=Occitanie,L=Toulouse,O=Cheese,O=Cheese 2,OU=Signing,SERIALNUMBER=42,"
                    + "CN=client.cheese.org",
            new BigInteger("1234567890123456789"), NOT_BEFORE, NOT_AFTER,
            List.of(new GeneralName(GeneralName.dNSName, "client.cheese.org"),
                    new GeneralName(GeneralName.iPAddress, "10.0.1.2"),
                    new GeneralName(GeneralName.rfc822Name, "test@cheese.org"),
                    new GeneralName(GeneralName.iPAddress, "2001:db8::1"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://cheese.org/client"),
                    new GeneralName(GeneralName.dNSName, "*.cheese.net")));
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=server", BigInteger.TWO, NOT_BEFORE,
            NOT_AFTER, List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));

    private static Echo.Received get(Middleware middleware, SSLContext client, String... headers)
            throws IOException, InterruptedException {
        HttpHandler chain = MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler();
        Undertow server = Undertow.builder().addHttpsListener(0, "127.0.0.1", SERVER.context(CA.certificate()))
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED).setIoThreads(1)
                .setWorkerThreads(2).setHandler(chain).build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(client)
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return Echo.Received.parse(response.body());
        } finally {
            server.stop();
        }
    }

    private static SSLContext withCertificate() {
        return CLIENT.context(CA.certificate());
    }

    /** Trusts the test CA, presents no certificate. */
    private static SSLContext withoutCertificate() throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void pemPassesTheClientCertificateWithoutArmourOrLineBreaks() throws Exception {
        Echo.Received received = get(DecodedMiddleware.of("mtls", "passTLSClientCert", "pem", "true"),
                withCertificate());

        assertThat(received.header("X-Forwarded-Tls-Client-Cert")).containsExactly(
                Base64.getEncoder().encodeToString(CLIENT.certificate().getEncoded()));
        assertThat(received.header("X-Forwarded-Tls-Client-Cert-Info")).isEmpty();
    }

    @Test
    void infoPassesEverySelectedFieldInTraefiksOrderEscapedAsAQuery() throws Exception {
        Middleware middleware = DecodedMiddleware.of("mtls", "passTLSClientCert",
                "info/notAfter", "true", "info/notBefore", "true", "info/sans", "true", "info/serialNumber", "true",
                "info/subject/country", "true", "info/subject/province", "true", "info/subject/locality", "true",
                "info/subject/organization", "true", "info/subject/organizationalUnit", "true",
                "info/subject/commonName", "true", "info/subject/serialNumber", "true",
                "info/subject/domainComponent", "true",
                "info/issuer/country", "true", "info/issuer/commonName", "true", "info/issuer/organization", "true");

        String info = get(middleware, withCertificate()).header("X-Forwarded-Tls-Client-Cert-Info").get(0);

        String expected = "Subject=\"DC=org,DC=cheese,C=FR,C=US,ST=Occitanie,L=Toulouse,O=Cheese,O=Cheese 2,"
                + "OU=Signing,SN=42,CN=client.cheese.org\";Issuer=\"C=FR,O=Cheese CA,CN=Cheese Root\";"
                + "SerialNumber=\"1234567890123456789\";NB=\"1700000000\";NA=\"4100000000\";"
                + "SAN=\"client.cheese.org,*.cheese.net,test@cheese.org,10.0.1.2,2001:db8::1,"
                + "spiffe://cheese.org/client\"";
        assertThat(URLDecoder.decode(info, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(info).startsWith("Subject%3D%22DC%3Dorg%2CDC%3Dcheese%2CC%3DFR").contains("O%3DCheese+2")
                .contains("%2A.cheese.net").doesNotContain(" ").doesNotContain("*");
    }

    @Test
    void onlySelectedFieldsAppearAndAnEmptyNameIsLeftOut() throws Exception {
        Middleware middleware = DecodedMiddleware.of("mtls", "passTLSClientCert", "info/notAfter", "true",
                "info/subject/organization", "true", "info/issuer/locality", "true");

        String info = get(middleware, withCertificate()).header("X-Forwarded-Tls-Client-Cert-Info").get(0);

        assertThat(URLDecoder.decode(info, StandardCharsets.UTF_8))
                .isEqualTo("Subject=\"O=Cheese,O=Cheese 2\";NA=\"4100000000\"");
    }

    @Test
    void withoutAClientCertificateNothingIsSetAndTheClientsHeadersAreRemoved() throws Exception {
        Echo.Received received = get(DecodedMiddleware.of("mtls", "passTLSClientCert", "pem", "true",
                "info/sans", "true"), withoutCertificate(), "X-Forwarded-Tls-Client-Cert", "forged",
                "X-Forwarded-Tls-Client-Cert-Info", "forged");

        assertThat(received.header("X-Forwarded-Tls-Client-Cert")).isEmpty();
        assertThat(received.header("X-Forwarded-Tls-Client-Cert-Info")).isEmpty();
    }

    @Test
    void overPlainHttpNothingIsSetAndTheClientsHeadersAreRemoved() {
        try (TestServer server = TestServer.start(MiddlewareChain.build(
                List.of(DecodedMiddleware.of("mtls", "passTLSClientCert", "pem", "true")), Echo.HANDLER)
                .handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(server.uri("/"),
                    "X-Forwarded-Tls-Client-Cert", "forged").body());

            assertThat(received.header("X-Forwarded-Tls-Client-Cert")).isEmpty();
        }
    }
}
