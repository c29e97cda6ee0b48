package io.kvroute.kv.layout.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvPair;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvNodeTreeTest {

    @Test
    void buildsTheNodeTreesOfTraefiksKvNodeTest() throws IOException {
        JsonNode vector;
        try (InputStream in = getClass().getResourceAsStream("/vectors/v3_10_kv_node_tree_rules.json")) {
            vector = new ObjectMapper().readTree(in);
        }
        assertThat(vector.get("cases")).hasSize(2);
        for (JsonNode testCase : vector.get("cases")) {
            KvNode root = KvNodeTree.build(pairs(testCase.get("pairs")), "traefik").root();
            assertThat(root.toJson()).isEqualTo(testCase.get("expected"));
        }
    }

    @Test
    void foldsListItemsInByteOrderSoTenComesBeforeTwo() {
        List<KvPair> folded = KvNodeTree.fold(List.of(
                KvPair.of("traefik/x/list/2", "two"),
                KvPair.of("traefik/x/list/10", "ten"),
                KvPair.of("traefik/x/list/1", "one")));

        assertThat(folded).containsExactly(KvPair.of("traefik/x/list", "one,ten,two"));
    }

    @Test
    void foldedItemsReplaceTheParentsOwnValue() {
        List<KvPair> folded = KvNodeTree.fold(List.of(
                KvPair.of("traefik/x/list", "own"),
                KvPair.of("traefik/x/list/0", "item")));

        assertThat(folded).containsExactly(KvPair.of("traefik/x/list", "item"));
    }

    @Test
    void dropsEmptySegmentsAndNamesDigitsInBrackets() {
        KvNode root = KvNodeTree.build(List.of(
                KvPair.of("traefik/a//b/", "v"),
                KvPair.of("traefik/s/7/url", "u")), "traefik").root();

        assertThat(root.child("a").flatMap(a -> a.child("b")).flatMap(KvNode::value)).contains("v");
        assertThat(root.child("s").orElseThrow().children()).extracting(KvNode::name).containsExactly("[7]");
    }

    @Test
    void reportsValuesShadowedByACaseVariant() {
        KvNodeTree.Result result = KvNodeTree.build(List.of(
                KvPair.of("traefik/Foo/a", "first"),
                KvPair.of("traefik/foo/a", "second")), "traefik");

        assertThat(result.root().child("FOO").flatMap(f -> f.child("A")).flatMap(KvNode::value)).contains("second");
        assertThat(result.shadowed()).containsExactly(new KvNodeTree.Shadowed("traefik/Foo/a", "traefik/foo/a"));
    }

    private static List<KvPair> pairs(JsonNode object) {
        List<KvPair> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            pairs.add(KvPair.of(entry.getKey(), entry.getValue().asText()));
        }
        return pairs;
    }
}
