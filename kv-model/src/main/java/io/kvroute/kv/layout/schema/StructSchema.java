package io.kvroute.kv.layout.schema;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.node.CaseFold;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A Traefik configuration struct: a display name (the Go type) and its fields in declaration order. */
public record StructSchema(String name, List<Field> fields) {
    public StructSchema {
        requireNonNull(name, "name");
        fields = List.copyOf(requireNonNull(fields, "fields"));
    }

    public static StructSchema of(String name, Field... fields) {
        return new StructSchema(name, Arrays.asList(fields));
    }

    /** The field whose name equals {@code segment} ignoring case (Traefik's {@code strings.EqualFold} lookup). */
    public Optional<Field> field(String segment) {
        return fields.stream().filter(f -> CaseFold.equal(f.name(), segment)).findFirst();
    }

    /** The names of the fields Traefik's JSON shows, comma separated, for "expected one of" messages. */
    public String fieldNames() {
        return fields.stream().filter(Field::shown).map(Field::name).collect(Collectors.joining(", "));
    }
}
