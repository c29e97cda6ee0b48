package io.kvroute.proxy.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EncodedCharacter;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Traefik v3's request path handling: encoded characters refused, normalization, dot and empty segments removed. */
class RequestPathPolicyTest {
    @ParameterizedTest
    @CsvSource({
        "/, /",
        "/api/users, /api/users",
        "/index.html, /index.html",
        "/.well-known/acme, /.well-known/acme",
        "/api/../admin/secret.txt, /admin/secret.txt",
        "/api/%2e%2e/admin, /admin",
        "/api/%2E%2E/admin, /admin",
        "/api/.%2e/admin, /admin",
        "./foo/bar, ./foo/bar",
        "/foo/../bar, /bar",
        "/foo/bar//, /foo/bar/",
        "/./foo/../bar//, /bar/",
        "//admin, /admin",
        "/a/b/.., /a/",
        "/a/b/., /a/b/",
        "/.., /",
        "/../../etc/passwd, /etc/passwd",
        "/%61%7Ab, /azb",
        "/caf%c3%a9, /caf%C3%A9",
        "/a%20b, /a%20b",
        "/a%3c%7cb, /a%3C%7Cb",
        "/%7e/x, /~/x",
        "/a;b/c, /a;b/c",
        "/a%3b/../x, REJECTED",
    })
    void normalizesAndSanitizesAsTraefikDocuments(String raw, String expected) {
        RequestPathPolicy.Outcome outcome = RequestPathPolicy.DEFAULT.apply(raw);

        if (expected.equals("REJECTED")) {
            assertThat(outcome).isInstanceOf(RequestPathPolicy.Rejected.class);
        } else {
            assertThat(outcome).isEqualTo(new RequestPathPolicy.Normalized(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/a%2Fb", "/files/a%2fb", "/a%5Cb", "/a%5cb", "/a%00", "/a%3Bb", "/a%3bb", "/a%25",
        "/a%3F", "/a%3f", "/a%23"})
    void refusesTheEncodedCharactersTraefikRefusesByDefault(String raw) {
        assertThat(RequestPathPolicy.DEFAULT.apply(raw)).isInstanceOfSatisfying(RequestPathPolicy.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("the path has an encoded ")
                        .contains("), not allowed here (allowEncoded").endsWith("=true would allow it)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%", "/a%2", "/a%zz", "/a%2g", "/a%\u0661\u0662"})
    void refusesAPercentSignThatEncodesNothing(String raw) {
        assertThat(RequestPathPolicy.DEFAULT.apply(raw)).isEqualTo(new RequestPathPolicy.Rejected(
                "the path has a '%' that is not followed by two hex digits"));
    }

    @ParameterizedTest
    @EnumSource(EncodedCharacter.class)
    void anAllowedEncodedCharacterStaysEncodedAndUpperCase(EncodedCharacter character) {
        RequestPathPolicy allowing = new RequestPathPolicy(Set.of(character), true);
        String lower = "/a" + character.encoded().toLowerCase() + "b";

        assertThat(allowing.apply(lower)).isEqualTo(new RequestPathPolicy.Normalized("/a" + character.encoded() + "b"));
        assertThat(allowing.apply("/x" + EnumSet.complementOf(EnumSet.of(character)).iterator().next().encoded()))
                .isInstanceOf(RequestPathPolicy.Rejected.class);
    }

    @ParameterizedTest
    @CsvSource({"/a%2F..%2Fadmin, /a%2F..%2Fadmin", "/a/%2F/../b, /a/b"})
    void anEncodedSlashIsNotASegmentSeparator(String raw, String expected) {
        RequestPathPolicy allowingSlash = new RequestPathPolicy(Set.of(EncodedCharacter.SLASH), true);

        assertThat(allowingSlash.apply(raw)).isEqualTo(new RequestPathPolicy.Normalized(expected));
    }

    @ParameterizedTest
    @CsvSource({"/api/../admin, /api/../admin", "/a//b, /a//b", "/%2e%2e/x, /../x"})
    void withoutSanitizingOnlyTheEncodingIsNormalized(String raw, String expected) {
        RequestPathPolicy unsanitized = new RequestPathPolicy(Set.of(), false);

        assertThat(unsanitized.apply(raw)).isEqualTo(new RequestPathPolicy.Normalized(expected));
    }
}
