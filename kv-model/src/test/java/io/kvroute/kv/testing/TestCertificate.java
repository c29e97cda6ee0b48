package io.kvroute.kv.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** A self-signed certificate and its private key as PEM text (PKCS #8 key), plus the parsed certificate. */
public record TestCertificate(String certPem, String keyPem, X509Certificate certificate) {
    public TestCertificate {
        requireNonNull(certPem, "certPem");
        requireNonNull(keyPem, "keyPem");
        requireNonNull(certificate, "certificate");
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} into {@code dir}; returns the certificate's path. */
    public Path writeTo(Path dir, String name) {
        try {
            Files.writeString(dir.resolve(name + ".key"), keyPem);
            return Files.writeString(dir.resolve(name + ".crt"), certPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path {@link #writeTo} wrote the key to. */
    public static Path keyPath(Path dir, String name) {
        return dir.resolve(name + ".key");
    }
}
