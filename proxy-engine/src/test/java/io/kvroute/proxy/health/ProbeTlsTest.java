package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.SslContextCount;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.undertow.Undertow;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import java.util.List;
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
}
