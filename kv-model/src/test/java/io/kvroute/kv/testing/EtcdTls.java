package io.kvroute.kv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for a test etcd, made by {@link KeytoolCertificates}: a self-signed server certificate for
 * {@code localhost} and {@code 127.0.0.1} (also the CA clients trust) and a self-signed client certificate, as PEM
 * files in one directory. etcd trusts both for client certificates: its JSON gateway connects to its own gRPC server
 * with the server certificate.
 *
 * @param serverCert the server's certificate, which clients trust as their CA
 * @param serverKey  its key
 * @param clientCert the client's certificate
 * @param clientKey  its key (PKCS #8)
 * @param clientCas  the certificates etcd trusts for client certificates: the client's and the server's
 * @param client     a JDK context presenting the client certificate and trusting the server's, for health checks
 */
public record EtcdTls(Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path clientCas,
        SSLContext client) {
    private static final char[] PASSWORD = "changeit".toCharArray();

    /** Makes both certificates in {@code dir}. */
    public static EtcdTls make(Path dir) {
        Map<String, TestCertificate> made = KeytoolCertificates.make(dir, List.of(
                KeytoolCertificates.Request.valid("etcd-server", "EC", "localhost", "ip:127.0.0.1"),
                KeytoolCertificates.Request.valid("etcd-client", "EC", "kvroute-client")));
        Path serverCert = made.get("etcd-server").writeTo(dir, "etcd-server");
        Path clientCert = made.get("etcd-client").writeTo(dir, "etcd-client");
        try {
            Path clientCas = Files.writeString(dir.resolve("etcd-client-cas.pem"),
                    made.get("etcd-client").certPem() + made.get("etcd-server").certPem());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("etcd-server", made.get("etcd-server").certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyStore own = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("etcd-client.p12"))) {
                own.load(in, PASSWORD);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, PASSWORD);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new EtcdTls(serverCert, TestCertificate.keyPath(dir, "etcd-server"), clientCert,
                    TestCertificate.keyPath(dir, "etcd-client"), clientCas, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test etcd's client certificate", e);
        }
    }

    /** etcd's flags: serve TLS with the server certificate, require client certificates signed by the client's. */
    List<String> serverFlags() {
        return List.of("--cert-file", serverCert.toString(), "--key-file", serverKey.toString(),
                "--trusted-ca-file", clientCas.toString(), "--client-cert-auth");
    }
}
