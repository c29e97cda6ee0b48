package io.kvroute.kv.layout.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two segments have the same fold exactly when {@link String#equalsIgnoreCase} says they are equal. */
class CaseFoldTest {
    /** Letters whose cases do not map one to one: long s, Kelvin sign, dotted and dotless i, sharp s, micro sign. */
    private static final String[] LETTERS = {"s", "S", "\u017F", "k", "K", "\u212A", "i", "I", "\u0130", "\u0131",
        "\u00DF", "\u00B5", "\u039C", "\u03BC", "\u00FF", "\u0178", "\uD801\uDC00", "\uD801\uDC28", "0", "-"};

    @Test
    void foldsAreEqualExactlyWhenTheSegmentsAreEqualIgnoringCase() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            String a = randomSegment(random);
            String b = randomSegment(random);
            assertThat(CaseFold.of(a).equals(CaseFold.of(b))).as("%s vs %s", a, b).isEqualTo(a.equalsIgnoreCase(b));
        }
    }

    @Test
    void aFoldedAsciiSegmentIsItself() {
        String segment = "routers";
        assertThat(CaseFold.of(segment)).isSameAs(segment);
        assertThat(CaseFold.of("loadBalancer")).isEqualTo("loadbalancer");
    }

    private static String randomSegment(Random random) {
        StringBuilder segment = new StringBuilder();
        int length = random.nextInt(3);
        for (int i = 0; i < length; i++) {
            segment.append(LETTERS[random.nextInt(LETTERS.length)]);
        }
        return segment.toString();
    }
}
