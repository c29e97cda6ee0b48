package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerIdTest {
    @Test
    void foldsTheInstanceAndKeepsTheNode() {
        ServerId id = ServerId.of("node1", "/Web_1:8080");

        assertThat(id.value()).isEqualTo("node1--web-1-8080");
        assertThat(id.node()).isEqualTo("node1");
    }

    @Test
    void ownershipIsUnambiguousWhenOneNodeNameIsAPrefixOfAnother() {
        ServerId ofA = ServerId.of("a", "web");
        ServerId ofAb = ServerId.of("a-b", "web");

        assertThat(ofA.isOwnedBy("a")).isTrue();
        assertThat(ofA.isOwnedBy("a-b")).isFalse();
        assertThat(ofAb.isOwnedBy("a")).isFalse();
        assertThat(ofAb.isOwnedBy("a-b")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Node1", "1node", "no--de", "node-", "no_de"})
    void rejectsNodeNamesThatWouldMakeAmbiguousIds(String node) {
        assertThatThrownBy(() -> ServerId.of(node, "web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node name: '" + node + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "web", "node1-web", "node1--", "Node1--web"})
    void rejectsIdsWithoutNodeAndInstance(String value) {
        assertThatThrownBy(() -> new ServerId(value)).hasMessageContaining("expected: <node>--<instance>");
    }
}
