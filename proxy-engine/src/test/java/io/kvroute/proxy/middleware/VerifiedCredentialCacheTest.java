package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedCredentialCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(30), now::get);

    @Test
    void remembersASuccessUntilTheTtlEnds() {
        cache.remember("alice", bytes("secret"));

        now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(cache.contains("alice", bytes("secret"))).isTrue();
        now.addAndGet(1);
        assertThat(cache.contains("alice", bytes("secret"))).isFalse();
    }

    @Test
    void matchesOnlyTheSameUserAndPassword() {
        cache.remember("alice", bytes("secret"));

        assertThat(cache.contains("alice", bytes("secreT"))).isFalse();
        assertThat(cache.contains("alice", bytes(""))).isFalse();
        assertThat(cache.contains("bob", bytes("secret"))).isFalse();
    }

    @Test
    void keepsOnlyTheLastSuccessPerUser() {
        cache.remember("alice", bytes("old"));
        cache.remember("alice", bytes("new"));

        assertThat(cache.contains("alice", bytes("old"))).isFalse();
        assertThat(cache.contains("alice", bytes("new"))).isTrue();
    }

    @Test
    void refusesANonPositiveTtl() {
        assertThatThrownBy(() -> new VerifiedCredentialCache(Duration.ZERO, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl: PT0S (expected: > 0)");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
