package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where kvroute's decode once differed from Traefik v3.7's own decoder (paerser v0.2.2 over {@code pkg/config/kv}),
 * each case with the JSON Traefik decodes it to: the differences issue 15 lists, one test per point.
 */
class TraefikDecodeParityTest {

    private static DecodedTree decode(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of(keyValues[i], keyValues[i + 1]));
        }
        return TraefikKvDecoder.decode(pairs, "traefik");
    }

    /** Point 5: Go's EqualFold folds simply: the Turkic dotted I is no i, the long s is an s. */
    @Test
    void matchesNamesWithGoSimpleCaseFolding() {
        DecodedTree tree = decode(
                "traefik/http/routers/dotted/pr\u0130ority", "5",
                "traefik/http/routers/dotted/rule", "Host(`a`)",
                "traefik/http/routers/longs/\u017Fervice", "app",
                "traefik/http/routers/\u0130/rule", "Host(`b`)",
                "traefik/http/routers/i/rule", "Host(`c`)");

        assertThat(tree.config()).isEqualTo(Vectors.json("{'http':{'routers':{'longs':{'service':'app'},"
                + "'\u0130':{'rule':'Host(`b`)'},'i':{'rule':'Host(`c`)'}}}}"));
        assertThat(tree.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(Severity.ERROR);
            assertThat(problem.key()).isEqualTo("traefik/http/routers/dotted/pr\u0130ority");
            assertThat(problem.reason()).startsWith("unknown field \"pr\u0130ority\" in Router");
            assertThat(problem.entity()).contains(EntityRef.router("dotted"));
        });
    }

    /** Point 5, the filter: Traefik compares a key's first bytes, so a lookalike spelled in more bytes is no section. */
    @Test
    void filtersSectionsOnUtf8BytesIgnoringCase() {
        DecodedTree tree = decode(
                "traefik/TLS/stores/s/defaultCertificate/certFile", "/a.crt",
                "traefik/tl\u017F/stores/t/defaultCertificate/certFile", "/b.crt");

        assertThat(tree.config()).isEqualTo(Vectors.json(
                "{'tls':{'stores':{'s':{'defaultCertificate':{'certFile':'/a.crt'}}}}}"));
        assertThat(tree.problems()).extracting(Problem::severity, Problem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING,
                        "traefik/tl\u017F/stores/t/defaultCertificate/certFile"));
    }

    /** Point 4: a root with no key decodes to an empty router map, which Traefik applies (every KV route goes). */
    @Test
    void decodesAnEmptyRootToAnEmptyHttpSection() {
        assertThat(decode().config()).isEqualTo(Vectors.json("{'http':{}}"));
        assertThat(decode().problems()).isEmpty();
        assertThat(LayoutDetector.decodeAll(List.of(), "traefik").dynamic().orElseThrow().config())
                .isEqualTo(Vectors.json("{'http':{}}"));
    }

    /** Point 4: keys under the root that Traefik filters out leave its configuration empty, not an empty router map. */
    @Test
    void decodesARootWithOnlyIgnoredKeysToNothing() {
        assertThat(decode("traefik/other/key", "v").config()).isEqualTo(Vectors.json("{}"));
    }

    /**
     * Point 3: plugin configuration is paerser's raw map: indexed sub-keys make a list, nested keys objects, folded
     * scalar lists stay comma-joined text, and a plugin with no sub-keys is configured with {@code {}}.
     */
    @Test
    void decodesPluginConfigurationAsPaerserRawMaps() {
        DecodedTree tree = decode(
                "traefik/http/middlewares/m/plugin/p/items/0/name", "x",
                "traefik/http/middlewares/m/plugin/p/items/1/name", "y",
                "traefik/http/middlewares/m/plugin/p/items/1/ports/0/", "80",
                "traefik/http/middlewares/m/plugin/p/list/0", "a",
                "traefik/http/middlewares/m/plugin/p/list/1", "b",
                "traefik/http/middlewares/m/plugin/p/conf/depth", "2",
                "traefik/http/middlewares/m/plugin/p/flag", "true",
                "traefik/http/middlewares/m/plugin/q", "");

        assertThat(tree.config().at("/http/middlewares/m/plugin")).isEqualTo(Vectors.json("{"
                + "'p':{'items':[{'name':'x'},{'name':'y','ports':['80']}],'list':'a,b','conf':{'depth':'2'},"
                + "'flag':'true'},"
                + "'q':{}}"));
        assertThat(tree.problems()).isEmpty();
    }

    /** Point 3: as in Traefik, the plugin map itself needs sub-keys (it cannot be a standalone element). */
    @Test
    void refusesAStandalonePluginMap() {
        DecodedTree tree = decode("traefik/http/middlewares/m/plugin", "");

        assertThat(tree.config().at("/http/middlewares").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::reason).containsExactly(
                "plugin cannot be a standalone element (expected sub-keys plugin/<name>/...)");
    }

    /** Point 2: a map entry with sub-keys is flattened with dots (paerser v0.2.2), not cut to its own value. */
    @Test
    void flattensMapEntriesWithSubKeysIntoDottedNames() {
        DecodedTree tree = decode(
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-A/b", "v",
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-B/c/d", "w",
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-C", "plain",
                "traefik/http/middlewares/e/errors/statusRewrites/5xx/range", "503");

        assertThat(tree.config().at("/http/middlewares/m/headers/customRequestHeaders")).isEqualTo(Vectors.json(
                "{'X-A.b':'v','X-B.c.d':'w','X-C':'plain'}"));
        assertThat(tree.config().at("/http/middlewares/e/errors/statusRewrites")).isEqualTo(Vectors.json(
                "{'5xx.range':503}"));
        assertThat(tree.problems()).isEmpty();
    }
}
