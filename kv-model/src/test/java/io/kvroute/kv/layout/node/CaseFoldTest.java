package io.kvroute.kv.layout.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two segments have the same fold exactly when Go's {@code strings.EqualFold} says they are equal. */
class CaseFoldTest {
    /**
     * Letters whose cases do not map one to one, by Go's simple-folding orbit: long s, Kelvin sign, micro sign;
     * dotted capital and dotless small i are orbits of their own (Java's {@code equalsIgnoreCase} maps them to i).
     */
    private static final List<List<String>> ORBITS = List.of(
            List.of("s", "S", "\u017F"), List.of("k", "K", "\u212A"), List.of("i", "I"), List.of("\u0130"),
            List.of("\u0131"), List.of("\u00DF"), List.of("\u00B5", "\u039C", "\u03BC"), List.of("\u00FF", "\u0178"),
            List.of("\uD801\uDC00", "\uD801\uDC28"), List.of("0"), List.of("-"));

    @Test
    void foldsAreEqualExactlyWhenTheLettersShareGoFoldingOrbits() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int length = random.nextInt(3);
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            boolean sameOrbits = true;
            for (int j = 0; j < length; j++) {
                int orbitA = random.nextInt(ORBITS.size());
                int orbitB = random.nextBoolean() ? orbitA : random.nextInt(ORBITS.size());
                a.append(pick(random, ORBITS.get(orbitA)));
                b.append(pick(random, ORBITS.get(orbitB)));
                sameOrbits &= orbitA == orbitB;
            }
            assertThat(CaseFold.of(a.toString()).equals(CaseFold.of(b.toString()))).as("%s vs %s", a, b)
                    .isEqualTo(sameOrbits);
            assertThat(CaseFold.equal(a.toString(), b.toString())).isEqualTo(sameOrbits);
        }
    }

    @Test
    void aFoldedAsciiSegmentIsItself() {
        String segment = "routers";
        assertThat(CaseFold.of(segment)).isSameAs(segment);
        assertThat(CaseFold.of("loadBalancer")).isEqualTo("loadbalancer");
    }

    @Test
    void startsWithCountsUtf8BytesAsGoSlicesAKey() {
        assertThat(CaseFold.startsWith("traefik/TLS/options", "traefik/tls")).isTrue();
        assertThat(CaseFold.startsWith("traefik/tl\u017F/options", "traefik/tls")).isFalse();
        assertThat(CaseFold.startsWith("traefik/tl\u017F", "traefik/tl\u017F")).isTrue();
        assertThat(CaseFold.startsWith("traefik/tl", "traefik/tls")).isFalse();
        assertThat(CaseFold.startsWith("TRAEFIK/\uD83D\uDE00/http", "traefik/\uD83D\uDE00")).isTrue();
        assertThat(CaseFold.startsWith("TRAEFIK/\uD83D", "traefik/\uD83D\uDE00")).isFalse();
    }

    private static String pick(Random random, List<String> orbit) {
        return orbit.get(random.nextInt(orbit.size()));
    }
}
