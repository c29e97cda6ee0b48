package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.OpenSsl;
import java.util.Locale;

/**
 * Which TLS implementation the TLS entry points' engines come from, and why: BoringSSL through Netty's OpenSSL engine
 * ({@code netty-tcnative-boringssl-static}, a native library shipped inside the jar for Linux x86_64 and aarch64, so
 * nothing is built or installed on the host) or the JDK's own (JSSE). BoringSSL is preferred: on JDK 17 a TLS 1.3
 * handshake costs JSSE milliseconds of CPU in its pure-Java X25519, BoringSSL a small fraction of that (bench/run's
 * tls-close-64 row). The JDK's is the fallback where the native library cannot load, or when asked for.
 *
 * @param openssl whether engines are BoringSSL's
 * @param reason  why this stack serves TLS, for the one line logged at start
 */
public record TlsStack(boolean openssl, String reason) {
    /** The flag's values: {@code openssl} (the default; the JDK's where it cannot load) or {@code jdk}. */
    public static final String OPENSSL = "openssl";
    public static final String JDK = "jdk";

    public TlsStack {
        requireNonNull(reason, "reason");
    }

    /**
     * The stack for {@code requested} ({@code openssl} or {@code jdk}, case-insensitive).
     *
     * @throws IllegalArgumentException for another value
     */
    public static TlsStack choose(String requested) {
        String name = requireNonNull(requested, "requested").trim().toLowerCase(Locale.ROOT);
        if (name.equals(JDK)) {
            return new TlsStack(false, "the JDK's TLS (JSSE), as --tls.provider=jdk asks");
        }
        if (!name.equals(OPENSSL)) {
            throw new IllegalArgumentException("--tls.provider: " + requested + " is not a TLS provider (expected "
                    + OPENSSL + " or " + JDK + ")");
        }
        if (OpenSsl.isAvailable()) {
            return new TlsStack(true, OpenSsl.versionString() + " through Netty's OpenSSL engine");
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return new TlsStack(false, "the JDK's TLS (JSSE): BoringSSL cannot load on this platform ("
                + (cause == null ? "no reason given" : cause.getMessage()) + ")");
    }

    /** The default: BoringSSL where it loads, else the JDK's. */
    public static TlsStack preferred() {
        return choose(OPENSSL);
    }
}
