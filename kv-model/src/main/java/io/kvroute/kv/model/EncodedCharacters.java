package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.SortedMap;

/**
 * Rejects requests whose path has percent-encoded characters that are not allowed ({@code encodedCharacters},
 * Traefik v3.7). {@code settings} keeps each {@code allowEncoded*} setting that was given, so the middleware round
 * trips; an absent setting is {@code false}: the character is rejected.
 */
public record EncodedCharacters(String name, SortedMap<EncodedCharacter, Boolean> settings) implements Middleware {
    public static final String TYPE = "encodedCharacters";

    public EncodedCharacters {
        Names.check("name", name);
        settings = ImmutableSortedMap.copyOf(requireNonNull(settings, "settings"));
    }

    /** Whether the encoded {@code character} may appear in a request path. */
    public boolean allows(EncodedCharacter character) {
        return settings.getOrDefault(character, false);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
