package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.FileOrContent;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.io.ByteArrayInputStream;
import java.util.Optional;

/**
 * The {@code tls} section of rateLimit's {@code redis} (Traefik's {@code ClientTLS}): TLS to Redis, checked when
 * read as {@link AuthServerTls} checks forwardAuth's ({@code ca} replaces the system's roots, {@code cert} and
 * {@code key} both or neither, PEM files or content) and kept as its values, so equal sections are equal settings
 * (one connection). The server's certificate must name the endpoint's host, as Go's TLS client checks it, unless
 * {@code insecureSkipVerify}. Files are read again whenever a connection is opened.
 */
record RedisTls(String ca, String cert, String key, boolean insecureSkipVerify) {
    RedisTls {
        requireNonNull(ca, "ca");
        requireNonNull(cert, "cert");
        requireNonNull(key, "key");
    }

    /**
     * Reads and checks the section.
     *
     * @throws MiddlewareException naming the setting that cannot be read or parsed
     */
    static RedisTls read(MiddlewareSettings tls) {
        AuthServerTls.read(Optional.of(tls));
        return new RedisTls(tls.text("ca").orElse(""), tls.text("cert").orElse(""), tls.text("key").orElse(""),
                tls.bool("insecureSkipVerify").orElse(false));
    }

    /** How Lettuce checks the server: the certificate and its name, or nothing. */
    SslVerifyMode verifyMode() {
        return insecureSkipVerify ? SslVerifyMode.NONE : SslVerifyMode.FULL;
    }

    /** Lettuce's TLS options: {@code ca} as the only roots when set, {@code cert} and {@code key} when set. */
    SslOptions options() {
        SslOptions.Builder options = SslOptions.builder().jdkSslProvider();
        if (!ca.isEmpty()) {
            options.trustManager(pem(ca));
        }
        if (!cert.isEmpty()) {
            options.keyManager(pem(cert), pem(key), null);
        }
        return options.build();
    }

    private static SslOptions.Resource pem(String fileOrContent) {
        return () -> new ByteArrayInputStream(new FileOrContent(fileOrContent).read());
    }

    @Override
    public String toString() {
        return "RedisTls[ca=" + new FileOrContent(ca).shown() + ", cert=" + new FileOrContent(cert).shown()
                + ", key=" + (key.isEmpty() ? "" : new FileOrContent(key).shown()) + ", insecureSkipVerify="
                + insecureSkipVerify + "]";
    }
}
