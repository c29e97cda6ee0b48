package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RawSettingsTest {
    @Test
    void flattensToKeyPathsAndRebuildsTheSameJson() {
        ObjectNode json = Vectors.json("""
                {"options": "foobar", "domains": [{"main": "a", "sans": ["b", "c"]}, {"main": "d"}],
                 "depth": 42, "big": 12345678901, "ratio": 0.5, "on": true, "none": null, "empty": {}, "list": [],
                 "m": {"0": "map key, not an index"}}""");

        RawSettings settings = RawSettings.fromJson(json);

        assertThat(settings.values()).containsOnlyKeys("options", "domains/0/main", "domains/0/sans/0",
                "domains/0/sans/1", "domains/1/main", "depth", "big", "ratio", "on", "none", "empty", "list", "m/0");
        assertThat(settings.get("domains/0/sans/1")).contains(RawValue.string("c"));
        assertThat(settings.get("depth")).contains(RawValue.number(42));
        assertThat(settings.get("empty")).contains(RawValue.emptyObject());
        assertThat(settings.arrays()).containsExactly("domains", "domains/0/sans");
        assertThat(settings.toJson()).isEqualTo(json);
    }

    @Test
    void rebuildsArraysInIndexOrderBeyondTen() {
        ObjectNode json = Vectors.json("{\"l\": [\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}");

        assertThat(RawSettings.fromJson(json).toJson()).isEqualTo(json);
    }

    @Test
    void emptyObjectIsEmptySettings() {
        assertThat(RawSettings.fromJson(Vectors.json("{}"))).isEqualTo(RawSettings.empty());
        assertThat(RawSettings.empty().toJson()).isEqualTo(Vectors.json("{}"));
    }

    @Test
    void rejectsFieldNamesThatCannotBeKeySegments() {
        assertThatThrownBy(() -> RawSettings.fromJson(Vectors.json("{\"a\": {\"b/c\": 1}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field \"b/c\" (expected: a non-empty name without '/')");
    }

    @Test
    void rawValueRejectsTextThatDoesNotFitItsKind() {
        assertThatThrownBy(() -> new RawValue(RawValue.Kind.NUMBER, "x"))
                .hasMessage("text: \"x\" (expected: a JSON number)");
        assertThatThrownBy(() -> new RawValue(RawValue.Kind.BOOLEAN, "yes"))
                .hasMessage("text: \"yes\" (expected: true or false)");
    }
}
