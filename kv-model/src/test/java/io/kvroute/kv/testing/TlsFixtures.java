package io.kvroute.kv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The certificates the TLS tests share, made once per test JVM by {@link KeytoolCertificates} in a temporary
 * directory (removed once they are read): {@code a.test} (ECDSA P-256, also {@code *.a.test}), {@code b.test} (RSA
 * 2048), {@code ed.test} (Ed25519), {@code old.test} (RSA, expired 28 days ago) and {@code soon.test} (ECDSA, valid
 * from 10 days on). Also
 * the key formats keytool does not write, made once by OpenSSL 3.0 and kept in {@code src/test/resources/tls}
 * (valid until 2126): {@code pkcs1.crt/.key} (RSA, {@code RSA PRIVATE KEY}), {@code sec1.crt/.key} (P-256,
 * {@code EC PRIVATE KEY} naming its curve) and {@code encrypted.key} (sec1.key as an {@code ENCRYPTED PRIVATE KEY}).
 */
public final class TlsFixtures {
    private static Map<String, TestCertificate> made;

    private TlsFixtures() {
    }

    public static TestCertificate a() {
        return all().get("a");
    }

    public static TestCertificate b() {
        return all().get("b");
    }

    public static TestCertificate ed() {
        return all().get("ed");
    }

    public static TestCertificate expired() {
        return all().get("old");
    }

    public static TestCertificate notYetValid() {
        return all().get("soon");
    }

    /** A PEM file of {@code src/test/resources/tls}. */
    public static String resource(String name) {
        try (InputStream in = TlsFixtures.class.getResourceAsStream("/tls/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /tls/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Map<String, TestCertificate> all() {
        if (made == null) {
            try {
                Path dir = Files.createTempDirectory("kvroute-tls-fixtures");
                made = KeytoolCertificates.make(dir, List.of(
                        KeytoolCertificates.Request.valid("a", "EC", "a.test", "*.a.test"),
                        KeytoolCertificates.Request.valid("b", "RSA", "b.test"),
                        KeytoolCertificates.Request.valid("ed", "Ed25519", "ed.test"),
                        new KeytoolCertificates.Request("old", "RSA", List.of("old.test"), "-30d", 2),
                        new KeytoolCertificates.Request("soon", "EC", List.of("soon.test"), "+10d", 30)));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return made;
    }
}
