package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Iterables;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.EveryMiddlewareKeys;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One middleware of every Traefik v3 HTTP type with the documentation's options ({@link EveryMiddlewareKeys}), one
 * router each, through real etcd keys: every router's chain is built and served but the one of {@code plugin} (kvroute
 * runs no Traefik plugins), which is left out and reported as not implemented, never for a setting.
 */
class EveryMiddlewareIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    /** etcd's default {@code --max-txn-ops}: the keys are written in transactions of at most this many puts. */
    private static final int ETCD_MAX_TXN_OPS = 128;
    /** The routers left out, with what their line says: the middleware's type is refused, never one of its settings. */
    private static final Map<String, String> REFUSED_TYPES = Map.of(
            "plugin", "Traefik plugin geoblock: kvroute runs no Traefik plugins");

    @Test
    void everyRouterButPluginGetsAServedChain(@TempDir Path files) {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            long revision = 0;
            for (List<Map.Entry<String, String>> batch : Iterables.partition(
                    EveryMiddlewareKeys.keys(backend.url(), files).entrySet(), ETCD_MAX_TXN_OPS)) {
                Map<String, String> keys = new TreeMap<>();
                batch.forEach(entry -> keys.put(entry.getKey(), entry.getValue()));
                revision = proxy.put(keys);
            }
            proxy.awaitRevision(revision);

            List<ChainProblem> problems = proxy.runtime().snapshot().problems();
            List<ChainProblem> notServed = problems.stream().filter(problem -> !problem.served()).toList();
            assertThat(notServed).extracting(ChainProblem::router).as(lines(problems))
                    .containsExactly("plugin");
            assertThat(notServed).allSatisfy(problem -> assertThat(problem.toLine()).as(lines(problems))
                    .contains(REFUSED_TYPES.get(problem.router())));
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine).isEmpty();

            assertThat(proxy.get("addprefix.test", "/items").statusCode()).isEqualTo(200);
            assertThat(proxy.get("plugin.test", "/items").statusCode()).isEqualTo(404);
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/foo/items");
        }
    }

    private static String lines(List<ChainProblem> problems) {
        return String.join("\n", problems.stream().map(ChainProblem::toLine).toList());
    }
}
