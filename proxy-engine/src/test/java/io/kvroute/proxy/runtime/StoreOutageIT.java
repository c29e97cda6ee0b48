package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** etcd stopped: the last snapshot keeps serving and the proxy says it is not connected; after a restart changes apply. */
class StoreOutageIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void theLastSnapshotServesWhileEtcdIsDownAndAChangeAfterItsRestartApplies() {
        try (Backend before = Backend.start("before"); Backend after = Backend.start("after");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys().router("kept", "Host(`kept.test`)", "kept")
                    .server("kept", "one", before.url()).build());
            await().atMost(STATUS_TIMEOUT).until(() -> proxy.runtime().storeState().connected());

            ETCD.stop();
            await().atMost(STATUS_TIMEOUT).until(() -> !proxy.runtime().storeState().connected());
            List<HttpResponse<String>> duringOutage = IntStream.range(0, 10)
                    .mapToObj(i -> proxy.get("kept.test", "/")).toList();

            assertThat(duringOutage).extracting(HttpResponse::statusCode).containsOnly(200).hasSize(10);
            assertThat(duringOutage).extracting(HttpResponse::body).containsOnly("before");

            ETCD.start();
            await().atMost(STATUS_TIMEOUT).until(() -> proxy.runtime().storeState().connected());
            long revision = await().atMost(STATUS_TIMEOUT).ignoreExceptions().until(
                    () -> proxy.put(new TraefikKeys().router("later", "Host(`later.test`)", "later")
                            .server("later", "one", after.url()).build()), r -> r > 0);
            proxy.awaitRevision(revision);

            assertThat(proxy.get("later.test", "/").body()).isEqualTo("after");
            assertThat(proxy.get("kept.test", "/").body()).isEqualTo("before");
        }
    }
}
