package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 on a cleartext entry point: the JDK client upgrades an {@code http://} connection with {@code Upgrade: h2c}
 * (it has no prior-knowledge mode) and the proxy answers over HTTP/2 from an HTTP/1.1 server.
 */
class Http2CleartextIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void anH2cUpgradeIsAnsweredOverHttp2() throws Exception {
        try (Backend backend = Backend.start("backend"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys().router("h2", "PathPrefix(`/h2`)", "h2").server("h2", "one", backend.url())
                    .build());
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(2)).build();

            HttpResponse<String> upgraded = http2.send(HttpRequest.newBuilder(proxy.uri("/h2/first")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> onTheConnection = http2.send(HttpRequest.newBuilder(proxy.uri("/h2/second")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(upgraded.statusCode()).isEqualTo(200);
            assertThat(upgraded.body()).isEqualTo("backend");
            assertThat(onTheConnection.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(onTheConnection.statusCode()).isEqualTo(200);
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/h2/first", "/h2/second");
        }
    }
}
