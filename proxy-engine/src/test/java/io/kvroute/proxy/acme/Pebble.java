package io.kvroute.proxy.acme;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kvroute.kv.pem.PemKeyPairs;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Let's Encrypt's test CA for ITs: Debian's {@code pebble} and {@code pebble-challtestsrv} (as the DNS server
 * answering 127.0.0.1 for every name), on free loopback ports, with a TLS certificate for 127.0.0.1 made here, fast
 * validation ({@code PEBBLE_VA_NOSLEEP}), no nonce rejection and no reuse of authorizations (every order needs its
 * own challenge). HTTP-01 is validated against 127.0.0.1:{@link #httpPort()}. Stopped by PID. Without the binaries
 * the test is skipped, or fails with {@code CI=true}.
 */
public final class Pebble implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int acmePort;
    private final int managementPort;
    private final int httpPort;
    private final int tlsPort;
    private final Path certificate;
    private final Path log;
    private final Process dns;
    private final Process ca;

    private Pebble(Path dir, int acmePort, int managementPort, int httpPort, int tlsPort, Path certificate, Path log,
            Process dns, Process ca) {
        this.dir = dir;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
        this.tlsPort = tlsPort;
        this.certificate = certificate;
        this.log = log;
        this.dns = dns;
        this.ca = ca;
    }

    /** Starts both processes in {@code dir}; certificates are valid for {@code validity} when given. */
    public static Pebble start(Path dir, Optional<Duration> validity) throws Exception {
        Path pebble = binary("pebble");
        Path challtestsrv = binary("pebble-challtestsrv");
        int dnsPort = freePort();
        int dnsManagement = freePort();
        Process dns = new ProcessBuilder(challtestsrv.toString(), "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", "127.0.0.1:" + dnsManagement)
                .redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile()).start();
        int acmePort = freePort();
        int managementPort = freePort();
        int httpPort = freePort();
        int tlsPort = freePort();
        Path certificate = dir.resolve("pebble-cert.pem");
        Path key = dir.resolve("pebble-key.pem");
        writeTlsIdentity(certificate, key);
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, "{\"pebble\": {\"listenAddress\": \"127.0.0.1:" + acmePort + "\","
                + " \"managementListenAddress\": \"127.0.0.1:" + managementPort + "\","
                + " \"certificate\": \"" + certificate + "\", \"privateKey\": \"" + key + "\","
                + " \"httpPort\": " + httpPort + ", \"tlsPort\": " + tlsPort + ","
                + " \"ocspResponderURL\": \"\", \"externalAccountBindingRequired\": false"
                + validity.map(period -> ", \"certificateValidityPeriod\": " + period.toSeconds()).orElse("")
                + "}}");
        Path log = dir.resolve("pebble.log");
        ProcessBuilder builder = new ProcessBuilder(pebble.toString(), "-config", config.toString(), "-dnsserver",
                "127.0.0.1:" + dnsPort).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0",
                "PEBBLE_AUTHZREUSE", "0"));
        Process ca = builder.start();
        Pebble started = new Pebble(dir, acmePort, managementPort, httpPort, tlsPort, certificate, log, dns, ca);
        try {
            started.awaitListening(acmePort);
            started.awaitListening(managementPort);
            started.awaitListening(dnsManagement);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The ACME directory. */
    public URI directory() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    /** Where Pebble's HTTP-01 validation connects (for every name, as its DNS answers 127.0.0.1). */
    public int httpPort() {
        return httpPort;
    }

    /** Where Pebble's TLS-ALPN-01 validation connects (for every name). */
    public int tlsPort() {
        return tlsPort;
    }

    /** The PEM file of Pebble's own TLS certificate: what {@code caCertificates} trusts. */
    public Path tlsCertificate() {
        return certificate;
    }

    /** The root Pebble signs with (made at its start), read from its management endpoint. */
    public X509Certificate root() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(CaTrust.context("pebble", List.of(certificate)).orElseThrow()).build();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Assertions.assertEquals(200, response.statusCode(), "GET /roots/0");
        return PemKeyPairs.certificates(response.body()).get(0);
    }

    /** Orders created so far (Pebble logs each new one). */
    public long orders() throws IOException {
        return logLines("Added order");
    }

    /** Certificates issued so far. */
    public long issued() throws IOException {
        return logLines("Issued certificate serial");
    }

    private long logLines(String text) throws IOException {
        try (var lines = Files.lines(log, UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : List.of(ca, dns)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitListening(int port) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!ca.isAlive() || !dns.isAlive()) {
                throw new IllegalStateException("pebble or pebble-challtestsrv exited; see " + dir);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + START_TIMEOUT
                + "; see " + dir);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path binary(String name) {
        for (String directory : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = name + " not found on PATH; scripts/test installs Debian's pebble";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(message);
        throw new IllegalStateException(message);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A self-signed EC certificate for 127.0.0.1 and localhost, and its key, as PEM files. */
    private static void writeTlsIdentity(Path certificateFile, Path keyFile) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=pebble test listener");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now
                .toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Files.writeString(certificateFile, pem(certificate));
        Files.writeString(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null)));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
