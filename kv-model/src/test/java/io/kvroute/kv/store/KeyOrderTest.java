package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order without encoding is the order of the UTF-8 bytes, surrogates (paired or lone) and prefixes included. */
class KeyOrderTest {
    private static final char[] ALPHABET = {'a', 'b', '/', '0', 'Z', 'é', 'µ', '\u0800', '\uD7FF', '\uE000', '\uFFFF',
        '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};

    @Test
    void comparesAsTheUtf8BytesOfRandomKeys() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            String a = randomKey(random);
            String b = random.nextInt(4) == 0 ? a + randomKey(random) : randomKey(random);
            assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", escaped(a), escaped(b))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                            b.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void aCharacterBeyondTheBasicPlaneSortsAfterEveryCharacterWithinIt() {
        assertThat(KeyOrder.compare("k\uD83D\uDE00", "k\uFFFF")).isPositive();
        assertThat(KeyOrder.compare("k/a", "k/b")).isNegative();
        assertThat(KeyOrder.compare("k", "k/a")).isNegative();
        assertThat(KeyOrder.compare("k/a", "k/a")).isZero();
    }

    private static String randomKey(Random random) {
        char[] key = new char[random.nextInt(5)];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    private static String escaped(String key) {
        StringBuilder out = new StringBuilder();
        key.chars().forEach(c -> out.append(c < 0x80 ? Character.toString(c) : String.format("\\u%04X", c)));
        return out.toString();
    }
}
