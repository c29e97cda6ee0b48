package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Iterables;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.EveryMiddlewareKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kv lint} on a real etcd holding one middleware of every Traefik v3 HTTP type with the documentation's
 * options ({@link EveryMiddlewareKeys}) reports none as not applied but {@code plugin} (kvroute runs no Traefik
 * plugins): issue 14's "done when".
 */
class KvLintMiddlewaresIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();
    /** etcd's default {@code --max-txn-ops}: the keys are written in transactions of at most this many puts. */
    private static final int ETCD_MAX_TXN_OPS = 128;

    @Test
    void everyTraefikMiddlewareTypeButPluginIsApplied(@TempDir Path files) {
        try (KvStore store = KvStores.open(etcd.settings())) {
            for (List<Map.Entry<String, String>> batch : Iterables.partition(
                    EveryMiddlewareKeys.keys("http://127.0.0.1:8080", files).entrySet(), ETCD_MAX_TXN_OPS)) {
                KvTransaction.Builder transaction = KvTransaction.builder();
                batch.forEach(entry -> transaction.put(entry.getKey(), entry.getValue()));
                store.commit(transaction.build());
            }
        }

        CliRun run = CliRun.of(new KvCommand(), "lint", "--etcd.endpoint=" + etcd.endpoint());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.contains("not implemented") || line.contains("not applied")))
                .as(run.out())
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("warning traefik/http/routers/plugin/middlewares/0="
                                + "\"plugin\": middleware type plugin (plugin geoblock) is not implemented by "
                                + "kvroute"));
    }
}
