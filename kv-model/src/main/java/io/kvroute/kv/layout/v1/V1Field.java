package io.kvroute.kv.layout.v1;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One Traefik 1.7 key below its section: the lower-case key segment (matched exactly), the JSON name Traefik 1.x
 * uses for it, how it is read, its default, whether JSON always carries it (Traefik 1.x fields without
 * {@code omitempty}, plus {@code passHostHeader} and {@code entryPoints}) and a deprecated fallback key.
 */
public record V1Field(String key, String jsonName, V1Type type, Optional<String> defaultValue, boolean alwaysEmit,
        Optional<String> fallbackKey) {

    public V1Field {
        requireNonNull(key, "key");
        requireNonNull(jsonName, "jsonName");
        requireNonNull(type, "type");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(fallbackKey, "fallbackKey");
    }

    public static V1Field of(String key, String jsonName, V1Type type) {
        return new V1Field(key, jsonName, type, Optional.empty(), false, Optional.empty());
    }

    public static V1Field string(String key, String jsonName) {
        return of(key, jsonName, V1Type.STRING);
    }

    public static V1Field integer(String key, String jsonName) {
        return of(key, jsonName, V1Type.INT);
    }

    public static V1Field bool(String key, String jsonName) {
        return of(key, jsonName, V1Type.BOOL);
    }

    public static V1Field list(String key, String jsonName) {
        return of(key, jsonName, V1Type.LIST);
    }

    public static V1Field headers(String key, String jsonName) {
        return of(key, jsonName, V1Type.HEADER_MAP);
    }

    public V1Field defaultValue(String value) {
        return new V1Field(key, jsonName, type, Optional.of(value), alwaysEmit, fallbackKey);
    }

    public V1Field always() {
        return new V1Field(key, jsonName, type, defaultValue, true, fallbackKey);
    }

    public V1Field fallback(String deprecatedKey) {
        return new V1Field(key, jsonName, type, defaultValue, alwaysEmit, Optional.of(deprecatedKey));
    }
}
