package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traefik's mirroring: the main service answers; mirrors get Traefik's count of copies. */
class MirroringBalancerTest {
    private final ServerBalancer main = Servers.balancer("main", 1);
    private final ServerBalancer tenPercent = Servers.balancer("ten", 1);
    private final ServerBalancer half = Servers.balancer("half", 1);

    @Test
    void theNthRequestGoesToAMirrorThatHasHadFewerThanItsShareOfCopies() {
        MirroringBalancer mirroring = new MirroringBalancer("m", main, List.of(
                new MirroringBalancer.Mirror(tenPercent, 10), new MirroringBalancer.Mirror(half, 50)),
                new MirroringBalancer.Body(true, -1));
        List<Integer> toTen = new ArrayList<>();
        List<Integer> toHalf = new ArrayList<>();
        for (int request = 1; request <= 30; request++) {
            Pick pick = mirroring.pick().orElseThrow();
            assertThat(pick.key().service()).isEqualTo("main");
            for (MirrorCopy copy : pick.mirrors()) {
                (copy.target() == tenPercent ? toTen : toHalf).add(request);
                assertThat(copy.withBody()).isTrue();
            }
        }
        assertThat(toTen).containsExactly(1, 11, 21);
        assertThat(toHalf).hasSize(15).startsWith(1, 3, 5);
    }

    @Test
    void retriesNameNoMirrorsAndNestedMirroringAddsItsOwn() {
        MirroringBalancer inner = new MirroringBalancer("inner", main,
                List.of(new MirroringBalancer.Mirror(half, 100)), new MirroringBalancer.Body(false, 10));
        MirroringBalancer outer = new MirroringBalancer("outer", inner,
                List.of(new MirroringBalancer.Mirror(tenPercent, 100)), new MirroringBalancer.Body(true, -1));

        Pick first = outer.pick().orElseThrow();
        assertThat(first.mirrors()).extracting(copy -> copy.target().service()).containsExactly("half", "ten");
        assertThat(first.mirrors().get(0).allowsBody(1_000)).as("half does not mirror the body").isTrue();

        Pick retry = outer.pick(Set.of(first.key()), BalancedRequest.NONE).orElse(null);
        assertThat(retry).as("main's only server is excluded").isNull();
        assertThat(outer.pick(Set.of(new ServerKey("other", "x")), BalancedRequest.NONE).orElseThrow().mirrors())
                .isEmpty();
    }

    @Test
    void aBodyLargerThanMaxBodySizeIsNotMirrored() {
        MirrorCopy copy = new MirrorCopy(half, true, 10);
        assertThat(copy.allowsBody(10)).isTrue();
        assertThat(copy.allowsBody(11)).isFalse();
        assertThat(new MirrorCopy(half, true, -1).allowsBody(Long.MAX_VALUE)).isTrue();
    }
}
