package io.kvroute.kv.layout.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StructSchemaTest {
    private final StructSchema schema = StructSchema.of("Server", Field.string("url"), Field.integer("weight"),
            Field.string("passHostHeader"));

    @Test
    void findsAFieldByItsNameIgnoringCaseAsTraefikDoes() {
        assertThat(schema.field("passHostHeader")).map(Field::name).contains("passHostHeader");
        assertThat(schema.field("PASSHOSTHEADER")).map(Field::name).contains("passHostHeader");
        assertThat(schema.field("URL")).map(Field::name).contains("url");
        assertThat(schema.field("port")).isEmpty();
    }

    @Test
    void twoFieldsEqualIgnoringCaseAreRefused() {
        assertThatThrownBy(() -> StructSchema.of("Bad", Field.string("url"), Field.string("URL")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bad.fields: URL twice ignoring case (expected: names that differ ignoring case)");
    }
}
