package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlsStackTest {
    @Test
    void openSslLoadsFromTheJarOnLinuxAndJdkIsTakenWhenAskedFor() {
        TlsStack preferred = TlsStack.choose("OpenSSL");
        assertThat(preferred.openssl()).as(preferred.reason()).isTrue();
        assertThat(preferred.reason()).contains("BoringSSL");
        TlsStack jdk = TlsStack.choose("jdk");
        assertThat(jdk.openssl()).isFalse();
        assertThat(jdk.reason()).contains("--tls.provider=jdk");
    }

    @Test
    void anotherProviderIsRefusedWithTheExpectedValues() {
        assertThatThrownBy(() -> TlsStack.choose("boring"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--tls.provider: boring is not a TLS provider (expected openssl or jdk)");
    }
}
