package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.MiddlewareTypes;
import io.kvroute.kv.model.OpaqueMiddleware;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kv lint's list of the middleware types kvroute applies ({@link MiddlewareTypes#APPLIED}, plus the types it derives
 * from Traefik 1.7 frontends, {@link MiddlewareTypes#DERIVED}) is what the proxy applies:
 * the typed model records, the registered {@link MiddlewareKind}s and {@code chain} (expanded by routing into its
 * members), nothing more, nothing less.
 */
class MiddlewareKindsTest {
    /** The Traefik type names of the typed model records ({@code StripPrefix.TYPE}, ...). */
    private static List<String> typedRecords() {
        return Arrays.stream(Middleware.class.getPermittedSubclasses())
                .filter(record -> record != OpaqueMiddleware.class)
                .map(record -> {
                    try {
                        return (String) record.getField("TYPE").get(null);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(record.getSimpleName() + " has no public TYPE constant", e);
                    }
                }).toList();
    }

    @Test
    void everyTypeKvLintCallsAppliedHasATypedRecordOrAMiddlewareKind() {
        assertThat(MiddlewareKinds.types()).as("registered kinds that are typed records").noneMatch(
                typedRecords()::contains);
        assertThat(Stream.concat(MiddlewareTypes.APPLIED.stream(), MiddlewareTypes.DERIVED.stream()))
                .as("MiddlewareTypes.APPLIED and DERIVED against records + MiddlewareKinds")
                .containsExactlyInAnyOrderElementsOf(
                        Stream.of(typedRecords().stream(), MiddlewareKinds.types().stream(), Stream.of("chain"))
                                .flatMap(types -> types).toList());
    }

    @Test
    void pluginIsNeitherAppliedNorRegistered() {
        assertThat(MiddlewareKinds.of(MiddlewareTypes.PLUGIN)).isEmpty();
        assertThat(MiddlewareTypes.APPLIED).doesNotContain(MiddlewareTypes.PLUGIN);
    }
}
