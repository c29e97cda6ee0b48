package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Problem;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout picks the syntax of routers without {@code ruleSyntax}, as Traefik v3's {@code core.defaultRuleSyntax}:
 * a store written for Traefik v2 has v2 rules (lists, {@code Headers}, templates), a v3 store v3 rules, and a
 * router's own {@code ruleSyntax} decides for it either way.
 */
class LayoutRuleSyntaxTest {
    private static final List<KvPair> STORE = List.of(
            KvPair.of("traefik/http/routers/list/rule", "Host(`a.test`, `b.test`) && Headers(`X-A`, `1`)"),
            KvPair.of("traefik/http/routers/list/service", "app"),
            KvPair.of("traefik/http/routers/v3/rule", "HostRegexp(`^[a-z]+\\.test$`)"),
            KvPair.of("traefik/http/routers/v3/ruleSyntax", "v3"),
            KvPair.of("traefik/http/routers/v3/service", "app"),
            KvPair.of("traefik/http/routers/v2/rule", "Host(`c.test`, `d.test`)"),
            KvPair.of("traefik/http/routers/v2/ruleSyntax", "v2"),
            KvPair.of("traefik/http/routers/v2/service", "app"),
            KvPair.of("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:8081"),
            KvPair.of("traefik/tcp/routers/sni/rule", "HostSNI(`a.test`, `b.test`)"),
            KvPair.of("traefik/tcp/routers/sni/service", "db"),
            KvPair.of("traefik/tcp/routers/sni/tls/passthrough", "true"),
            KvPair.of("traefik/tcp/routers/sni3/rule", "HostSNI(`c.test`)"),
            KvPair.of("traefik/tcp/routers/sni3/ruleSyntax", "v3"),
            KvPair.of("traefik/tcp/routers/sni3/service", "db"),
            KvPair.of("traefik/tcp/routers/sni3/tls/passthrough", "true"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/servers/0/address", "127.0.0.1:5432"));

    @Test
    void theV2LayoutReadsRulesWithoutRuleSyntaxAsV2Rules() {
        DecodedConfig v2 = ConfigDecoder.decode(STORE, "traefik", LayoutChoice.V2);

        assertThat(v2.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(v2.model().routers().get("list").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(v2.model().routers().get("v3").syntax()).isEqualTo(RuleSyntax.V3);
        assertThat(v2.model().routers().get("v2").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(v2.tcp().routers().get("sni").ruleSyntax()).isEqualTo(RuleSyntax.V2);
        assertThat(v2.tcp().routers().get("sni3").ruleSyntax()).isEqualTo(RuleSyntax.V3);
    }

    @Test
    void theV3LayoutLeavesOutAV2ListWithoutRuleSyntax() {
        for (LayoutChoice choice : List.of(LayoutChoice.V3, LayoutChoice.AUTO)) {
            DecodedConfig v3 = ConfigDecoder.decode(STORE, "traefik", choice);

            assertThat(v3.problems()).filteredOn(Problem::isError).extracting(Problem::key)
                    .containsExactly("traefik/http/routers/list/rule");
            assertThat(v3.model().routers().get("list").syntax()).isEqualTo(RuleSyntax.V3);
            assertThat(v3.model().routers().get("v2").syntax()).isEqualTo(RuleSyntax.V2);
            assertThat(v3.tcp().routers().get("sni").ruleSyntax()).isEqualTo(RuleSyntax.V3);
        }
    }

    /** The proxy's incremental decode with the v2 default says what a whole decode of the v2 layout says. */
    @Test
    void theIncrementalDecodeTakesTheDefaultSyntax() {
        IncrementalConfig v2 = new IncrementalConfig("traefik", RuleSyntax.V2);
        IncrementalConfig v3 = new IncrementalConfig("traefik");
        List<KvEvent> puts = STORE.stream().map(pair -> KvEvent.put(pair.key(), pair.value(), 1)).toList();

        DecodedConfig whole = ConfigDecoder.decode(STORE, "traefik", LayoutChoice.AUTO, RuleSyntax.V2, Instant.now());
        DecodedConfig incremental = v2.apply(puts);

        assertThat(incremental.model()).isEqualTo(whole.model());
        assertThat(incremental.tcp()).isEqualTo(whole.tcp());
        assertThat(incremental.problems()).containsExactlyInAnyOrderElementsOf(whole.problems());
        assertThat(v2.current().problems()).filteredOn(Problem::isError).isEmpty();
        DecodedConfig wholeV3 = ConfigDecoder.decode(STORE, "traefik", LayoutChoice.AUTO, RuleSyntax.V3,
                Instant.now());
        DecodedConfig incrementalV3 = v3.apply(puts);
        assertThat(incrementalV3.problems()).containsExactlyInAnyOrderElementsOf(wholeV3.problems());
        assertThat(incrementalV3.problems()).filteredOn(Problem::isError).extracting(Problem::key)
                .containsExactly("traefik/http/routers/list/rule");
    }
}
