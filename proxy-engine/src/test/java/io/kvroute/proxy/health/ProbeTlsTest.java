package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.proxy.testing.SslContextCount;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.undertow.Undertow;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.xnio.Xnio;

/** The probes' TLS dials with its transport's context, the one the TCP relay's connections to the servers use. */
class ProbeTlsTest {
    @Test
    void probesInTheTransportsContextAndMakeNoneOfTheirOwn() throws Exception {
        ServerTls tls = ServerTls.compile(new ServerTlsSettings("db.test", false, List.of(), List.of(), ""));
        try (SslContextCount contexts = SslContextCount.start();
                DefaultByteBufferPool buffers = new DefaultByteBufferPool(false, 1024)) {
            ProbeTls probes = ProbeTls.of(tls, Xnio.getInstance(Undertow.class.getClassLoader()), buffers);

            assertThat(contexts.made()).isZero();
            assertThat(((UndertowXnioSsl) probes.ssl()).getSslContext()).isSameAs(tls.context());
        }
    }

    /**
     * Another user of the transport's context (a mirror's copy) leaves a refusal with the probed server's name and
     * port: it is not the probe's, which would otherwise name that old reason for a probe that broke otherwise.
     */
    @Test
    void aRefusalOfAnotherHandshakeInTheTransportsContextIsNotTheProbes() throws Exception {
        ServerTls tls = ServerTls.compile(new ServerTlsSettings("", false, List.of(), List.of(), ""));
        X509Certificate[] bad = {TestPki.ca("CN=nobody trusts this CA").certificate()};
        SSLEngine mirrors = tls.context().createSSLEngine("h", 443);
        try (DefaultByteBufferPool buffers = new DefaultByteBufferPool(false, 1024)) {
            ProbeTls probes = ProbeTls.of(tls, Xnio.getInstance(Undertow.class.getClassLoader()), buffers);

            assertThatThrownBy(() -> tls.refusals().checkServerTrusted(bad, "RSA", mirrors))
                    .isInstanceOf(CertificateException.class);

            assertThat(probes.refusal(URI.create("https://h:443"))).isEmpty();
            assertThat(tls.refusals().take(mirrors)).as("recorded for its own engine").isPresent();
        }
    }
}
