package io.kvroute.kv.layout.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.store.KvPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvRootTest {
    @Test
    void dynamicRootDropsSurroundingSlashes() {
        assertThat(KvRoot.dynamicRoot("traefik")).isEqualTo("traefik");
        assertThat(KvRoot.dynamicRoot("//traefik/")).isEqualTo("traefik");
        assertThat(KvRoot.dynamicRoot("/a/b/")).isEqualTo("a/b");
        assertThat(KvRoot.etcdV1Root("traefik/")).isEqualTo("/traefik");
    }

    @Test
    void aPrefixOfOnlySlashesIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> KvRoot.dynamicRoot("//"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--prefix: \"//\" (expected: a root key such as traefik)");
    }

    @Test
    void trimTrailingKeepsTheLeadingSlash() {
        assertThat(KvRoot.trimTrailing("/traefik//")).isEqualTo("/traefik");
        assertThat(KvRoot.otherSlashSpelling("/traefik")).isEqualTo("traefik");
        assertThat(KvRoot.otherSlashSpelling("traefik")).isEqualTo("/traefik");
    }

    @Test
    void v1RootIsTheConfiguredSpellingFirstThenTheOther() {
        List<KvPair> slashed = List.of(KvPair.of("/traefik/backends/b/servers/s/url", "http://a"));
        List<KvPair> both = List.of(KvPair.of("/traefik/frontends/f/backend", "b"),
                KvPair.of("traefik/backends/b/servers/s/url", "http://a"));
        List<KvPair> onlyDynamic = List.of(KvPair.of("/traefik/http/routers/r/rule", "Host(`a`)"));

        assertThat(KvRoot.v1Root(slashed, "traefik")).isEqualTo("/traefik");
        assertThat(KvRoot.v1Root(slashed, "/traefik/")).isEqualTo("/traefik");
        assertThat(KvRoot.v1Root(both, "traefik")).isEqualTo("traefik");
        assertThat(KvRoot.v1Root(both, "/traefik")).isEqualTo("/traefik");
        assertThat(KvRoot.v1Root(onlyDynamic, "traefik")).isEqualTo("traefik");
        assertThat(KvRoot.hasV1Keys(slashed, "traefik")).isTrue();
        assertThat(KvRoot.hasV1Keys(onlyDynamic, "traefik")).isFalse();
        assertThat(KvRoot.hasV1Keys(List.of(KvPair.of("traefik/alias", "/other")), "/traefik")).isTrue();
    }
}
