package io.kvroute.kv.layout.schema;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.node.CaseFold;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Traefik configuration struct: a display name (the Go type) and its fields in declaration order, no two of whose
 * names are equal ignoring case (so a segment names one field at most).
 */
public record StructSchema(String name, List<Field> fields) {
    public StructSchema {
        requireNonNull(name, "name");
        fields = List.copyOf(requireNonNull(fields, "fields"));
        Set<String> folds = new HashSet<>();
        for (Field field : fields) {
            if (!folds.add(CaseFold.of(field.name()))) {
                throw new IllegalArgumentException(name + ".fields: " + field.name()
                        + " twice ignoring case (expected: names that differ ignoring case)");
            }
        }
    }

    public static StructSchema of(String name, Field... fields) {
        return new StructSchema(name, Arrays.asList(fields));
    }

    /** The field whose name equals {@code segment} ignoring case (Traefik's {@code strings.EqualFold} lookup). */
    public Optional<Field> field(String segment) {
        for (Field field : fields) {
            if (field.name().equals(segment)) {
                return Optional.of(field);
            }
        }
        String folded = CaseFold.of(segment);
        for (Field field : fields) {
            if (CaseFold.of(field.name()).equals(folded)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The names of the fields Traefik's JSON shows, comma separated, for "expected one of" messages. */
    public String fieldNames() {
        return fields.stream().filter(Field::shown).map(Field::name).collect(Collectors.joining(", "));
    }
}
