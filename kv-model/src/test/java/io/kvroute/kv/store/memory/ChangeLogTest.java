package io.kvroute.kv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    @Test
    void theNewestChangeUnderAPrefixAfterARevisionIsFound() {
        ChangeLog log = new ChangeLog(10);
        log.record(2, List.of("a/1"));
        log.record(3, List.of("b/1"));
        log.record(4, List.of("a/2", "c"));

        assertThat(log.newestChangeUnder("a/", 1)).isEqualTo(OptionalLong.of(4));
        assertThat(log.newestChangeUnder("b/", 1)).isEqualTo(OptionalLong.of(3));
        assertThat(log.newestChangeUnder("b/", 3)).isEmpty();
        assertThat(log.newestChangeUnder("d/", 0)).isEmpty();
    }

    @Test
    void revisionsBeyondTheLimitAreCompactedAutomatically() {
        ChangeLog log = new ChangeLog(2);
        log.record(2, List.of("a"));
        log.record(3, List.of("a"));
        log.record(4, List.of("a"));

        assertThat(log.compactedThrough()).isEqualTo(2);
        assertThat(log.isCompacted(1)).isTrue();
        assertThat(log.isCompacted(2)).isFalse();
        assertThat(log.newestChangeUnder("a", 2)).isEqualTo(OptionalLong.of(4));
    }

    @Test
    void compactionNeverMovesBackwards() {
        ChangeLog log = new ChangeLog(10);
        log.record(2, List.of("a"));
        log.compactThrough(5);
        log.compactThrough(3);

        assertThat(log.compactedThrough()).isEqualTo(5);
        assertThat(log.newestChangeUnder("a", 0)).isEmpty();
    }
}
