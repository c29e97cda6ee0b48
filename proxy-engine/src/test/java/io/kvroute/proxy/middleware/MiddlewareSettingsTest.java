package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings as JSON the decoder could hand over, and shapes it would not, read through one middleware "m" (t). */
class MiddlewareSettingsTest {
    private static MiddlewareSettings settings(String json) {
        try {
            ObjectNode node = (ObjectNode) new ObjectMapper().readTree(json.replace('\'', '"'));
            return MiddlewareSettings.of(new OpaqueMiddleware("m", "t", RawSettings.fromJson(node)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void readsEveryShapeTheDecoderProduces() {
        MiddlewareSettings settings = settings("{'name': 'x', 'on': true, 'count': 12, 'big': 5000000000,"
                + " 'wait': '1m30s', 'seconds': 42, 'names': ['a', 'b'],"
                + " 'map': {'X-A': '1', 'X-B': ''}, 'section': {'depth': 2}}");

        assertThat(settings.text("name")).contains("x");
        assertThat(settings.bool("on")).contains(true);
        assertThat(settings.smallInteger("count")).isEqualTo(OptionalInt.of(12));
        assertThat(settings.integer("big")).isEqualTo(OptionalLong.of(5_000_000_000L));
        assertThat(settings.duration("wait")).contains(Duration.ofSeconds(90));
        assertThat(settings.duration("seconds")).contains(Duration.ofSeconds(42));
        assertThat(settings.strings("names")).containsExactly("a", "b");
        assertThat(settings.stringMap("map")).containsExactly(Map.entry("X-A", "1"), Map.entry("X-B", ""));
        assertThat(settings.section("section").orElseThrow().smallInteger("depth")).isEqualTo(OptionalInt.of(2));
        settings.requireAllRead();
    }

    @Test
    void absentSettingsAreEmptyAndCountAsRead() {
        MiddlewareSettings settings = settings("{}");

        assertThat(settings.text("a")).isEmpty();
        assertThat(settings.bool("b")).isEmpty();
        assertThat(settings.integer("c")).isEmpty();
        assertThat(settings.smallInteger("d")).isEmpty();
        assertThat(settings.duration("e")).isEmpty();
        assertThat(settings.strings("f")).isEmpty();
        assertThat(settings.stringMap("h")).isEmpty();
        assertThat(settings.section("i")).isEmpty();
        assertThat(settings.has("a")).isFalse();
        settings.requireAllRead();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text         | {'v': 5}                | v 5 (expected: a string)
            bool         | {'v': 'yes'}            | v "yes" (expected: true or false)
            integer      | {'v': '7'}              | v "7" (expected: a whole number)
            integer      | {'v': 1.5}              | v 1.5 (expected: a whole number)
            integer      | {'v': 99999999999999999999} | v 99999999999999999999 (expected: a whole number)
            smallInteger | {'v': 3000000000}       | v 3000000000 (expected: a whole number from -2147483648 to 2147483647)
            duration     | {'v': 'soon'}           | v "soon" (expected: a duration such as 10s or 1m30s)
            duration     | {'v': true}             | v true (expected: a duration such as 10s or 1m30s)
            strings      | {'v': 'a'}              | v "a" (expected: a list of strings)
            strings      | {'v': ['a', 1]}         | v ["a",1] (expected: a list of strings)
            stringMap    | {'v': ['a']}            | v ["a"] (expected: a map of names to strings)
            stringMap    | {'v': {'X-A': 1}}       | v/X-A 1 (expected: a string)
            section      | {'v': 'x'}              | v "x" (expected: a section of settings)
            """)
    void refusesAValueOfTheWrongShapeNamingItAndWhatWasExpected(String reader, String json, String message) {
        MiddlewareSettings settings = settings(json);
        Map<String, Consumer<MiddlewareSettings>> readers = Map.ofEntries(
                Map.entry("text", s -> s.text("v")),
                Map.entry("bool", s -> s.bool("v")),
                Map.entry("integer", s -> s.integer("v")),
                Map.entry("smallInteger", s -> s.smallInteger("v")),
                Map.entry("duration", s -> s.duration("v")),
                Map.entry("strings", s -> s.strings("v")),
                Map.entry("stringMap", s -> s.stringMap("v")),
                Map.entry("section", s -> s.section("v")));

        assertThatThrownBy(() -> readers.get(reader).accept(settings))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING);
                    assertThat(e.middleware()).isEqualTo("m");
                })
                .hasMessage("middleware \"m\" (t): " + message);
    }

    @Test
    void namesAWrongValueInsideASectionWithItsPath() {
        MiddlewareSettings settings = settings("{'outer': {'inner': {'depth': 'deep'}}}");
        MiddlewareSettings inner = settings.section("outer").orElseThrow().section("inner").orElseThrow();

        assertThatThrownBy(() -> inner.smallInteger("depth"))
                .hasMessage("middleware \"m\" (t): outer/inner/depth \"deep\" (expected: a whole number)");
        assertThat(inner.invalid("depth", "1 or more"))
                .hasMessage("middleware \"m\" (t): outer/inner/depth \"deep\" (expected: 1 or more)");
        assertThat(settings.invalid("missing", "something"))
                .hasMessage("middleware \"m\" (t): missing (not set) (expected: something)");
    }

    @Test
    void requireAllReadNamesEverySettingNotReadHereAndInSectionsRead() {
        MiddlewareSettings settings = settings("{'read': 1, 'skipped': 2, 'hasOnly': 3,"
                + " 'section': {'depth': 1, 'excludedIPs': ['10.0.0.1'], 'nested': {'deep': true, 'deeper': 1}},"
                + " 'untouched': {'a': 1}}");
        settings.integer("read");
        assertThat(settings.has("hasOnly")).isTrue();
        MiddlewareSettings section = settings.section("section").orElseThrow();
        section.smallInteger("depth");
        section.section("nested").orElseThrow().bool("deep");

        assertThatThrownBy(settings::requireAllRead)
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED))
                .hasMessageContaining("settings kvroute does not apply: ")
                .hasMessageContaining("skipped")
                .hasMessageContaining("hasOnly")
                .hasMessageContaining("untouched")
                .hasMessageContaining("section/excludedIPs")
                .hasMessageContaining("section/nested/deeper")
                .hasMessageNotContaining("section/depth")
                .hasMessageNotContaining("nested/deep,")
                .hasMessageEndingWith("; the router is left out rather than served without them");
    }

    @Test
    void aSectionReadWholeAndASettingReadTwicePass() {
        MiddlewareSettings settings = settings("{'a': 'x', 'tls': {'ca': 'pem', 'insecureSkipVerify': false}}");
        settings.text("a");
        settings.text("a");
        MiddlewareSettings tls = settings.section("tls").orElseThrow();
        tls.text("ca");
        tls.bool("insecureSkipVerify");

        settings.requireAllRead();
        assertThat(settings.middleware().name()).isEqualTo("m");
    }

    @Test
    void anEmptySectionIsPresentAndHasNothingToRead() {
        MiddlewareSettings settings = settings("{'ipStrategy': {}}");

        Optional<MiddlewareSettings> section = settings.section("ipStrategy");

        assertThat(section).isPresent();
        assertThat(section.get().strings("excludedIPs")).isEqualTo(List.of());
        settings.requireAllRead();
    }
}
