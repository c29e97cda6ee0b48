package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kv lint --layout=v2} reads a store written for Traefik v2 as the proxy's {@code --layout=v2} does (rules
 * without ruleSyntax in v2 syntax), where the default reads them in v3 syntax and reports a v2 host list.
 */
class KvLintLayoutIT {
    private static final String RULE = "Host(`a.test`, `b.test`)";

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Test
    void theV2LayoutLintsAV2RuleWithoutRuleSyntaxAsV2() {
        try (KvStore store = KvStores.open(etcd.settings())) {
            store.commit(KvTransaction.builder()
                    .put("v2store/http/routers/list/rule", RULE)
                    .put("v2store/http/routers/list/service", "app")
                    .put("v2store/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:8081")
                    .build());
        }

        CliRun v3 = CliRun.of(new KvCommand(), "lint", "--etcd.endpoint=" + etcd.endpoint(), "--prefix=v2store");
        CliRun v2 = CliRun.of(new KvCommand(), "lint", "--etcd.endpoint=" + etcd.endpoint(), "--prefix=v2store",
                "--layout=v2");

        assertThat(v3.exitCode()).as(v3.out() + v3.err()).isEqualTo(1);
        assertThat(v3.out()).contains("error v2store/http/routers/list/rule=\"" + RULE + "\"");
        assertThat(v2.exitCode()).as(v2.out() + v2.err()).isZero();
        assertThat(v2.out()).doesNotContain("error ");
    }
}
