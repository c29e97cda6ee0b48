package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitFileTest {
    private static final Path PATH = Path.of("x.service");

    @Test
    void entries_keep_their_section_the_comments_directly_above_and_repeated_keys() {
        UnitFile unit = UnitFile.parse(PATH, """
                # about the file

                [Unit]
                After=a.service
                ; why b
                After=b.service  c.service

                [Service]
                # first line
                # second line
                ExecStart=/bin/x --flag=1
                """);

        assertThat(unit.sections()).containsExactly("Unit", "Service");
        assertThat(unit.values("Unit", "After")).containsExactly("a.service", "b.service  c.service");
        assertThat(unit.items("Unit", "After")).containsExactly("a.service", "b.service", "c.service");
        assertThat(unit.entries("Unit")).extracting(UnitFile.Entry::comments)
                .containsExactly(List.of(), List.of("why b"));
        assertThat(unit.entries("Service")).singleElement().satisfies(entry -> {
            assertThat(entry.comments()).containsExactly("first line", "second line");
            assertThat(entry.line()).isEqualTo(11);
        });
        assertThat(unit.value("Service", "ExecStart")).hasValue("/bin/x --flag=1");
        assertThat(unit.value("Service", "Restart")).isEmpty();
    }

    @Test
    void a_trailing_backslash_continues_the_value_on_the_next_line() {
        UnitFile unit = UnitFile.parse(PATH, "[Service]\nExecStart=/bin/x \\\n  --a \\\n  --b\nRestart=always\n");

        assertThat(unit.value("Service", "ExecStart")).hasValue("/bin/x  --a  --b");
        assertThat(unit.value("Service", "Restart")).hasValue("always");
    }

    @Test
    void a_blank_line_detaches_a_comment_from_the_next_entry() {
        UnitFile unit = UnitFile.parse(PATH, "[Service]\n# orphan\n\nRestart=always\n");

        assertThat(unit.entries("Service")).singleElement().extracting(UnitFile.Entry::comments)
                .isEqualTo(List.of());
    }

    @Test
    void value_refuses_a_key_given_twice() {
        UnitFile unit = UnitFile.parse(PATH, "[Service]\nUser=a\nUser=b\n");

        assertThatThrownBy(() -> unit.value("Service", "User")).isInstanceOf(IllegalStateException.class)
                .hasMessage("x.service: [Service] User given 2 times (expected: once)");
    }

    @Test
    void lines_that_are_not_unit_syntax_are_refused_with_file_and_line() {
        assertThatThrownBy(() -> UnitFile.parse(PATH, "[Unit]\nDescription=x\njust words\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.service:3: 'just words' (expected: [Section], Key=Value, a comment or a blank line)");
        assertThatThrownBy(() -> UnitFile.parse(PATH, "Description=x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.service:1: 'Description=x' before any section (expected: a [Section] header first)");
    }
}
