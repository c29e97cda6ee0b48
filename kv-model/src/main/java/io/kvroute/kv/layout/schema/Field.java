package io.kvroute.kv.layout.schema;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import java.util.Optional;

/**
 * One field of a Traefik configuration struct: its JSON name (also the canonical key segment; Traefik matches
 * key segments case-insensitively), its type, the struct it holds (struct kinds), whether {@code kv:"allowEmpty"}
 * is set, whether the Go field is a pointer (a pointer keeps zero values in JSON, otherwise {@code omitempty} drops
 * them), the decode-time default set by the owning struct's {@code SetDefaults} (text form; for a struct field a
 * default means "allocated with its own defaults"), the first Traefik version that knows it, for the
 * {@code routers/services/middlewares} maps and the {@code tls} certificates list, options and stores maps, the kind
 * of entity each entry is (decode failures are isolated per entry), and how the KV provider reads it
 * ({@link Reading}: most fields are read and shown; a few are set only by other providers, or never shown).
 */
public record Field(
        String name,
        FieldType type,
        Optional<StructSchema> struct,
        boolean allowEmpty,
        boolean pointer,
        Optional<String> defaultValue,
        TraefikVersion since,
        boolean isolated,
        Optional<EntityRef.Kind> entityKind,
        Reading reading) {

    /** How Traefik's KV provider treats a field, by its Go struct tags. */
    public enum Reading {
        /** Read from the store and shown in Traefik's JSON. */
        READ,
        /**
         * Tagged {@code kv:"-"} (set by other providers only): Traefik checks the shape of the keys below it (known
         * sub-fields, no sub-keys under a single value) but never reads a value, so it is never in the JSON.
         */
        IGNORED,
        /** Tagged {@code json:"-"} only: Traefik reads and applies it, but its JSON never shows it. */
        HIDDEN
    }

    public Field {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(struct, "struct");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(since, "since");
        requireNonNull(entityKind, "entityKind");
        requireNonNull(reading, "reading");
        boolean needsStruct = type == FieldType.STRUCT || type == FieldType.STRUCT_LIST || type == FieldType.STRUCT_MAP;
        if (needsStruct != struct.isPresent()) {
            throw new IllegalArgumentException("struct: " + struct + " for " + type + " field " + name
                    + " (expected: a struct schema exactly for STRUCT, STRUCT_LIST and STRUCT_MAP)");
        }
    }

    private static Field of(String name, FieldType type, StructSchema struct) {
        return new Field(name, type, Optional.ofNullable(struct), false, false, Optional.empty(),
                TraefikVersion.V2_0, false, Optional.empty(), Reading.READ);
    }

    public static Field string(String name) {
        return of(name, FieldType.STRING, null);
    }

    public static Field integer(String name) {
        return of(name, FieldType.INT, null);
    }

    public static Field floating(String name) {
        return of(name, FieldType.FLOAT, null);
    }

    public static Field bool(String name) {
        return of(name, FieldType.BOOL, null);
    }

    public static Field duration(String name) {
        return of(name, FieldType.DURATION, null);
    }

    public static Field list(String name) {
        return of(name, FieldType.SCALAR_LIST, null);
    }

    public static Field stringMap(String name) {
        return of(name, FieldType.STRING_MAP, null);
    }

    public static Field intMap(String name) {
        return of(name, FieldType.INT_MAP, null);
    }

    public static Field plugins(String name) {
        return of(name, FieldType.PLUGINS, null);
    }

    public static Field struct(String name, StructSchema schema) {
        return of(name, FieldType.STRUCT, requireNonNull(schema, "schema"));
    }

    public static Field structList(String name, StructSchema schema) {
        return of(name, FieldType.STRUCT_LIST, requireNonNull(schema, "schema"));
    }

    public static Field structMap(String name, StructSchema schema) {
        return of(name, FieldType.STRUCT_MAP, requireNonNull(schema, "schema"));
    }

    /** {@code kv:"allowEmpty"}: a value of {@code ""} or {@code true} creates an empty struct. */
    public Field allowingEmpty() {
        return new Field(name, type, struct, true, pointer, defaultValue, since, isolated, entityKind, reading);
    }

    /** A Go pointer field: zero values stay in JSON. */
    public Field asPointer() {
        return new Field(name, type, struct, allowEmpty, true, defaultValue, since, isolated, entityKind, reading);
    }

    public Field defaultValue(String value) {
        return new Field(name, type, struct, allowEmpty, pointer, Optional.of(value), since, isolated, entityKind,
                reading);
    }

    public Field since(int major, int minor) {
        return new Field(name, type, struct, allowEmpty, pointer, defaultValue, TraefikVersion.of(major, minor),
                isolated, entityKind, reading);
    }

    /** Entries of this map decode independently; a failure drops only that entry. */
    public Field isolatedEntries() {
        return new Field(name, type, struct, allowEmpty, pointer, defaultValue, since, true, entityKind, reading);
    }

    /**
     * Entries of this map (or elements of this list) are entities: routers, services, middlewares, TLS certificates,
     * options or stores. They decode independently and problems name them.
     */
    public Field entities(EntityRef.Kind kind) {
        return new Field(name, type, struct, allowEmpty, pointer, defaultValue, since, true, Optional.of(kind),
                reading);
    }

    /** {@code kv:"-"}: set by other providers only; see {@link Reading#IGNORED}. */
    public Field ignoredByKv() {
        return new Field(name, type, struct, allowEmpty, pointer, defaultValue, since, isolated, entityKind,
                Reading.IGNORED);
    }

    /** {@code json:"-"}: read and applied by Traefik, never in its JSON; see {@link Reading#HIDDEN}. */
    public Field hiddenInJson() {
        return new Field(name, type, struct, allowEmpty, pointer, defaultValue, since, isolated, entityKind,
                Reading.HIDDEN);
    }

    /** Whether Traefik's JSON shows this field (it is read from the store and not hidden). */
    public boolean shown() {
        return reading == Reading.READ;
    }

    /** The struct schema of a struct kind. */
    public StructSchema structSchema() {
        return struct.orElseThrow(() -> new IllegalStateException(name + " is a " + type + " field, not a struct"));
    }
}
