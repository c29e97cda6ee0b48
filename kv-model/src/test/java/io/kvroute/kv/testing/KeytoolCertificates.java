package io.kvroute.kv.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by the JDK's own {@code keytool} (started as processes, all at once), read back
 * from their PKCS #12 stores and written as PEM: what an operator would put in {@code certFile}/{@code keyFile}.
 * {@code keytool -startdate} makes certificates that expired already or are not valid yet.
 */
public final class KeytoolCertificates {
    private static final String PASSWORD = "changeit";
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * One certificate to make.
     *
     * @param keyAlgorithm {@code RSA}, {@code EC} (P-256) or {@code Ed25519}
     * @param dnsNames     its subject alternative names ({@code ip:127.0.0.1} for an address); the first is also its
     *                     common name
     * @param startDate    keytool's {@code -startdate} ({@code -30d}, {@code +10d}), or empty for now
     * @param validityDays keytool's {@code -validity}
     */
    public record Request(String name, String keyAlgorithm, List<String> dnsNames, String startDate, int validityDays) {
        public Request {
            requireNonNull(name, "name");
            requireNonNull(keyAlgorithm, "keyAlgorithm");
            dnsNames = List.copyOf(dnsNames);
            requireNonNull(startDate, "startDate");
        }

        /** Valid from now for 30 days. */
        public static Request valid(String name, String keyAlgorithm, String... dnsNames) {
            return new Request(name, keyAlgorithm, List.of(dnsNames), "", 30);
        }
    }

    private KeytoolCertificates() {
    }

    /** Makes every requested certificate in {@code dir}, by name. */
    public static Map<String, TestCertificate> make(Path dir, List<Request> requests) {
        List<Process> processes = new ArrayList<>();
        try {
            for (Request request : requests) {
                processes.add(new ProcessBuilder(command(dir, request)).redirectErrorStream(true)
                        .redirectOutput(dir.resolve(request.name() + ".log").toFile()).start());
            }
            for (int i = 0; i < requests.size(); i++) {
                Process process = processes.get(i);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("keytool for " + requests.get(i).name() + " failed: "
                            + Files.readString(dir.resolve(requests.get(i).name() + ".log")));
                }
            }
            Map<String, TestCertificate> made = new LinkedHashMap<>();
            for (Request request : requests) {
                made.put(request.name(), read(dir.resolve(request.name() + ".p12"), request.name()));
            }
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making certificates", e);
        } finally {
            processes.forEach(Process::destroy);
        }
    }

    private static List<String> command(Path dir, Request request) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", request.name(), "-keyalg", request.keyAlgorithm(),
                "-dname", "CN=" + request.dnsNames().get(0), "-validity", Integer.toString(request.validityDays()),
                "-keystore", dir.resolve(request.name() + ".p12").toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        switch (request.keyAlgorithm()) {
            case "RSA" -> command.addAll(List.of("-keysize", "2048"));
            case "EC" -> command.addAll(List.of("-groupname", "secp256r1"));
            default -> {
            }
        }
        command.addAll(List.of("-ext", "SAN=" + String.join(",", request.dnsNames().stream()
                .map(name -> name.startsWith("ip:") ? name : "dns:" + name).toList())));
        if (!request.startDate().isEmpty()) {
            command.addAll(List.of("-startdate", request.startDate()));
        }
        return command;
    }

    private static TestCertificate read(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(alias);
            byte[] key = keyStore.getKey(alias, PASSWORD.toCharArray()).getEncoded();
            return new TestCertificate(pem("CERTIFICATE", certificate.getEncoded()), pem("PRIVATE KEY", key),
                    certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + store + ": " + e.getMessage(), e);
        }
    }

    /** PEM armour around DER: base64 in lines of 64 characters. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                        StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }
}
