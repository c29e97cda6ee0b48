package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestNoncesTest {
    @Test
    void countsMustGrowPerNonce() {
        DigestNonces nonces = new DigestNonces();
        String nonce = nonces.issue();

        assertThat(nonces.use(nonce, 5)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(nonce, 5)).isEqualTo(DigestNonces.Use.REPLAYED);
        assertThat(nonces.use(nonce, 4)).isEqualTo(DigestNonces.Use.STALE);
        assertThat(nonces.use(nonce, 6)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(nonce + "x", 7)).isEqualTo(DigestNonces.Use.UNKNOWN);
    }

    @Test
    void beyondSizeAndToleranceDropsTheLeastRecentlyUsed() {
        DigestNonces nonces = new DigestNonces();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < DigestNonces.SIZE + DigestNonces.TOLERANCE + 1; i++) {
            issued.add(nonces.issue());
        }
        assertThat(nonces.use(issued.get(0), 1)).isEqualTo(DigestNonces.Use.ACCEPTED);

        nonces.issue();

        assertThat(nonces.size()).isEqualTo(DigestNonces.SIZE + DigestNonces.TOLERANCE + 2 - 200);
        assertThat(nonces.use(issued.get(0), 2)).isEqualTo(DigestNonces.Use.ACCEPTED);
        assertThat(nonces.use(issued.get(1), 1)).isEqualTo(DigestNonces.Use.UNKNOWN);
        assertThat(nonces.use(issued.get(200), 1)).isEqualTo(DigestNonces.Use.UNKNOWN);
        assertThat(nonces.use(issued.get(201), 1)).isEqualTo(DigestNonces.Use.ACCEPTED);
    }
}
