package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hashes made by libxcrypt's crypt(3) and openssl passwd, not by the libraries under test. */
class HashAlgorithmTest {
    static final String PASSWORD = "s3cret pass";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            $2y$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | BCRYPT
            $2a$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | BCRYPT
            $2b$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | BCRYPT
            $2x$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | BCRYPT
            $apr1$kvroute1$TQmIUc9VJF7ca2c8.J.c31                        | APR1
            $1$kvroute1$dkyV8DYnVdTan0IHlP0aF1                           | MD5_CRYPT
            {SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=                            | SHA1
            """)
    void verifiesTheRightPasswordOnly(String hash, HashAlgorithm algorithm) {
        assertThat(HashAlgorithm.of(hash)).contains(algorithm);
        assertThat(algorithm.verify(bytes(PASSWORD), hash)).isTrue();
        assertThat(algorithm.verify(bytes("s3cret pasS"), hash)).isFalse();
        assertThat(algorithm.verify(bytes(""), hash)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            $apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/                        | test
            $2y$04$kvroutekvroutekvroute.PIiZI9lqsfn.vKKuk.3AD1KOcM65TOq | pässwörd
            """)
    void verifiesOtherVectors(String hash, String password) {
        assertThat(HashAlgorithm.of(hash).orElseThrow().verify(bytes(password), hash)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'', 80",
        "bbbbbbbb, 72",
    })
    void bcryptUsesTheFirst72BytesOfALongPassword(String tail, int as) {
        String hash = "$2b$04$kvroutekvroutekvroute.jbUf/vP7fUfn5JWOYbq1rfmTL5nweUu";
        String password = "a".repeat(as) + tail;

        assertThat(HashAlgorithm.BCRYPT.verify(bytes(password), hash)).isTrue();
        assertThat(HashAlgorithm.BCRYPT.verify(bytes("a".repeat(71)), hash)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plaintext
            $2y$05$short
            $5$rounds=5000$salt$hash
            {SHA}notbase64!
            {SSHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=
            """)
    void recognisesNoOtherFormat(String hash) {
        assertThat(HashAlgorithm.of(hash)).isEqualTo(Optional.empty());
    }

    @Test
    void leavesThePasswordBytesAsTheyWere() {
        byte[] password = bytes(PASSWORD);

        HashAlgorithm.APR1.verify(password, "$apr1$kvroute1$TQmIUc9VJF7ca2c8.J.c31");
        HashAlgorithm.MD5_CRYPT.verify(password, "$1$kvroute1$dkyV8DYnVdTan0IHlP0aF1");
        HashAlgorithm.BCRYPT.verify(password, "$2y$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO");

        assertThat(password).isEqualTo(bytes(PASSWORD));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
