package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.layout.schema.Field;
import io.kvroute.kv.layout.schema.MiddlewareSchema;
import org.junit.jupiter.api.Test;

class MiddlewareTypesTest {
    @Test
    void everyTraefikV3HttpMiddlewareTypeTheKvProviderReadsButPluginIsApplied() {
        assertThat(MiddlewareTypes.APPLIED).containsExactlyInAnyOrderElementsOf(MiddlewareSchema.MIDDLEWARE.fields()
                .stream().filter(Field::shown).map(Field::name).filter(type -> !type.equals(MiddlewareTypes.PLUGIN))
                .toList());
        assertThat(MiddlewareTypes.applied(MiddlewareTypes.PLUGIN)).isFalse();
        assertThat(MiddlewareTypes.applied("grpcWeb")).isTrue();
    }
}
