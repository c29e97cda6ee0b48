package io.kvroute.kv.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A percent-encoded character Traefik rejects in request paths unless allowed, with the setting that allows it (the
 * same name on the {@code encodedCharacters} middleware and on an entry point's {@code http.encodedCharacters}).
 * Decoding any of them changes how a path splits into segments or where it ends, so an origin that decodes them may
 * see another path than the proxy routed.
 */
public enum EncodedCharacter {
    SLASH("2F", "allowEncodedSlash"),
    BACKSLASH("5C", "allowEncodedBackSlash"),
    NULL_CHARACTER("00", "allowEncodedNullCharacter"),
    SEMICOLON("3B", "allowEncodedSemicolon"),
    PERCENT("25", "allowEncodedPercent"),
    QUESTION_MARK("3F", "allowEncodedQuestionMark"),
    HASH("23", "allowEncodedHash");

    private final String hex;
    private final String setting;

    EncodedCharacter(String hex, String setting) {
        this.hex = hex;
        this.setting = setting;
    }

    /** The setting that allows it, e.g. {@code allowEncodedSlash}. */
    public String setting() {
        return setting;
    }

    /** Its upper-case encoding, e.g. {@code %2F}. */
    public String encoded() {
        return "%" + hex;
    }

    /** The character whose upper-case two hex digits are {@code hexDigits}, if it is one of these. */
    public static Optional<EncodedCharacter> ofHex(String hexDigits) {
        String upper = hexDigits.toUpperCase(Locale.ROOT);
        for (EncodedCharacter character : values()) {
            if (character.hex.equals(upper)) {
                return Optional.of(character);
            }
        }
        return Optional.empty();
    }

    /** The character a setting name allows ({@code allowEncodedSlash}), case-insensitively. */
    public static Optional<EncodedCharacter> ofSetting(String setting) {
        for (EncodedCharacter character : values()) {
            if (character.setting.equalsIgnoreCase(setting)) {
                return Optional.of(character);
            }
        }
        return Optional.empty();
    }
}
