package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.ClientAuth;
import io.kvroute.kv.model.TlsOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * The engines of compiled options start with the options' versions and cipher suites, on BoringSSL (where the
 * context carries them) as on the JDK's stack (where Undertow sets them on each engine from the engine options).
 */
class CompiledOptionsTest {
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private static TlsOptions options(String min, String max, List<String> suites) {
        return new TlsOptions("test", min, max, suites, List.of(), ClientAuth.none(), false,
                List.of("h2", "http/1.1"), false, Optional.empty());
    }

    private static SSLEngine engine(TlsOptions options) {
        TlsServing serving = new TlsServing(Clock.systemUTC(), TlsStack.preferred());
        CompiledOptions compiled = CompiledOptions.compile(options, serving.keyManager(), serving.stack());
        assertThat(compiled.unusable()).isEmpty();
        assertThat(compiled.engineOptions().contains(org.xnio.Options.SSL_ENABLED_CIPHER_SUITES)).isFalse();
        SSLEngine engine = compiled.context().createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    /** The versions an engine negotiates: Netty's lists the pseudo-protocol SSLv2Hello too, whatever is set. */
    private static List<String> versions(SSLEngine engine) {
        return java.util.Arrays.stream(engine.getEnabledProtocols()).filter(v -> !v.equals("SSLv2Hello")).toList();
    }

    @Test
    void boringSslEnginesStartWithTheConfiguredVersionsAndSuites() {
        SSLEngine engine = engine(options("VersionTLS12", "VersionTLS12",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")));
        assertThat(versions(engine)).containsExactly("TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void boringSslEnginesOfTls13OnlyOfferTls13Only() {
        SSLEngine engine = engine(options("VersionTLS13", "", List.of()));
        assertThat(versions(engine)).containsExactly("TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).containsAll(TLS13_SUITES);
    }

    @Test
    void boringSslEnginesOfTheDefaultsOfferTls12And13WithNettysDefaultSuites() {
        SSLEngine engine = engine(options("", "", List.of()));
        assertThat(versions(engine)).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).containsAll(TLS13_SUITES)
                .startsWith("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }
}
