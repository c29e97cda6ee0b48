package io.kvroute.kv.layout.v1;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A group of Traefik 1.7 keys that becomes one JSON object: its key segment, JSON name, when Traefik creates it,
 * its fields and nested sections. A named section ({@code servers/<name>}, {@code routes/<name>}...) is a map:
 * each child key is one entry, and the presence rule applies to each entry.
 */
public record V1Section(String key, String jsonName, Presence presence, String presenceField, boolean named,
        List<V1Field> fields, List<V1Section> sections) {

    /** When Traefik 1.7 builds the object. */
    public enum Presence {
        /** Always (backend {@code loadBalancer}). */
        ALWAYS,
        /** When any key exists below the section key ({@code hasPrefix}). */
        ANY_KEY,
        /** When a direct child key has a non-empty value ({@code auth/forward/tls}). */
        ANY_VALUE,
        /** When the field {@code presenceField} has a non-empty value ({@code healthcheck/path}). */
        FIELD_SET,
        /** When the section key's own value is true ({@code loadbalancer/stickiness}). */
        OWN_VALUE_TRUE,
        /** When any field ends up non-zero ({@code headers}). */
        NON_ZERO
    }

    public V1Section {
        requireNonNull(key, "key");
        requireNonNull(jsonName, "jsonName");
        requireNonNull(presence, "presence");
        requireNonNull(presenceField, "presenceField");
        fields = List.copyOf(fields);
        sections = List.copyOf(sections);
        if (presence == Presence.FIELD_SET && fields.stream().noneMatch(f -> f.key().equals(presenceField))) {
            throw new IllegalArgumentException("presenceField: \"" + presenceField + "\" (expected one of the "
                    + "fields of section " + key + ")");
        }
    }

    public static V1Section of(String key, String jsonName, Presence presence, List<V1Field> fields,
            List<V1Section> sections) {
        return new V1Section(key, jsonName, presence, "", false, fields, sections);
    }

    public static V1Section whenSet(String key, String jsonName, String presenceField, List<V1Field> fields) {
        return new V1Section(key, jsonName, Presence.FIELD_SET, presenceField, false, fields, List.of());
    }

    /** A map of entries, each kept only when its {@code presenceField} is set ("" for always). */
    public static V1Section named(String key, String jsonName, String presenceField, List<V1Field> fields,
            List<V1Section> sections) {
        Presence presence = presenceField.isEmpty() ? Presence.ALWAYS : Presence.FIELD_SET;
        return new V1Section(key, jsonName, presence, presenceField, true, fields, sections);
    }
}
