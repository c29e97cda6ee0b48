package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedMap;
import org.junit.jupiter.api.Test;

/** The {@code encodedCharacters} middleware is typed: given settings are kept (round trip), absent ones reject. */
class EncodedCharactersJsonTest {
    @Test
    void readsTheGivenSettingsAndWritesThemBack() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(Vectors.json("""
                {"http": {"middlewares": {"enc": {"encodedCharacters": {
                    "allowEncodedSlash": true, "allowEncodedHash": false}}}}}"""));

        EncodedCharacters middleware = (EncodedCharacters) mapped.config().middlewares().get("enc");
        assertThat(mapped.problems()).isEmpty();
        assertThat(middleware.settings()).isEqualTo(ImmutableSortedMap.of(
                EncodedCharacter.SLASH, true, EncodedCharacter.HASH, false));
        assertThat(middleware.allows(EncodedCharacter.SLASH)).isTrue();
        assertThat(middleware.allows(EncodedCharacter.HASH)).isFalse();
        assertThat(middleware.allows(EncodedCharacter.PERCENT)).isFalse();
        assertThat(MiddlewareJson.write(middleware).toString())
                .isEqualTo("{\"encodedCharacters\":{\"allowEncodedSlash\":true,\"allowEncodedHash\":false}}");
    }

    @Test
    void namesEachCharacterByItsEncodingAndSetting() {
        assertThat(EncodedCharacter.ofHex("2f")).contains(EncodedCharacter.SLASH);
        assertThat(EncodedCharacter.ofHex("41")).isEmpty();
        assertThat(EncodedCharacter.ofSetting("allowencodedbackslash")).contains(EncodedCharacter.BACKSLASH);
        assertThat(EncodedCharacter.NULL_CHARACTER.encoded()).isEqualTo("%00");
    }
}
