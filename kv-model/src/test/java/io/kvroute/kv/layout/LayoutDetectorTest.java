package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutDetectorTest {
    private static final List<KvPair> SHARED_ROOT = List.of(
            KvPair.of("traefik/backends/b/servers/s/url", "http://v1"),
            KvPair.of("traefik/frontends/f/backend", "b"),
            KvPair.of("traefik/http/routers/r/rule", "Host(`a`)"));

    @Test
    void detectsBothLayoutsUnderOneRoot() {
        assertThat(LayoutDetector.detect(SHARED_ROOT, "traefik")).isEqualTo(Set.of(Layout.V1, Layout.V3));
    }

    @Test
    void detectsV1UnderALeadingSlashPrefix() {
        List<KvPair> pairs = List.of(KvPair.of("/traefik/backends/b/servers/s/url", "http://v1"));

        assertThat(LayoutDetector.detect(pairs, "traefik")).isEqualTo(Set.of(Layout.V1));
        assertThat(LayoutDetector.detect(pairs, "/traefik")).isEqualTo(Set.of(Layout.V1));
        assertThat(LayoutDetector.detect(List.of(), "traefik")).isEmpty();
    }

    @Test
    void decodesEachLayoutWithoutReportingTheOthersKeys() {
        LayoutDecodes decodes = LayoutDetector.decodeAll(SHARED_ROOT, "traefik");

        assertThat(decodes.v1().orElseThrow().config().get("frontends").has("f")).isTrue();
        assertThat(decodes.dynamic().orElseThrow().config().at("/http/routers/r/rule").asText())
                .isEqualTo("Host(`a`)");
        assertThat(decodes.dynamic().orElseThrow().problems()).isEmpty();
        assertThat(decodes.v1().orElseThrow().problems()).isEmpty();
    }
}
