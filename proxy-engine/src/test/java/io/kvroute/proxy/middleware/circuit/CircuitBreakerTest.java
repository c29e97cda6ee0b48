package io.kvroute.proxy.middleware.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** oxy's cycle, on a ticker the test moves: standby, tripped, recovering, standby. */
class CircuitBreakerTest {
    private final FakeTicker ticker = new FakeTicker();
    private final AtomicInteger trips = new AtomicInteger();
    private final CircuitBreaker breaker = new CircuitBreaker(Expression.parse("NetworkErrorRatio() > 0.5"),
            Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10), ticker, trips::incrementAndGet);

    @Test
    void tripsOnTheConditionThenFallsBackThenRampsUpThenStandsBy() {
        assertThat(breaker.admits()).isTrue();
        breaker.record(200, false, 1_000_000);
        ticker.advance(Duration.ofMillis(150));
        breaker.record(503, true, 1_000_000);
        ticker.advance(Duration.ofMillis(150));
        breaker.record(503, true, 1_000_000);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.TRIPPED);
        assertThat(trips).hasValue(1);
        assertThat(breaker.admits()).isFalse();
        ticker.advance(Duration.ofSeconds(9));
        assertThat(breaker.admits()).isFalse();

        ticker.advance(Duration.ofSeconds(6));
        assertThat(breaker.admits()).as("the ramp starts at none").isFalse();
        ticker.advance(Duration.ofSeconds(5));
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += breaker.admits() ? 1 : 0;
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.RECOVERING);
        assertThat(admitted).isBetween(20, 30);

        ticker.advance(Duration.ofSeconds(6));
        assertThat(breaker.admits()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.STANDBY);
        assertThat(trips).hasValue(1);
    }

    @Test
    void checksTheConditionAtMostOncePerCheckPeriod() {
        breaker.record(200, false, 1_000_000);
        breaker.record(503, true, 1_000_000);
        breaker.record(503, true, 1_000_000);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.STANDBY);
        ticker.advance(Duration.ofMillis(101));
        breaker.record(200, false, 1_000_000);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.STANDBY);
        breaker.record(503, true, 1_000_000);
        ticker.advance(Duration.ofMillis(101));
        breaker.record(503, true, 1_000_000);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.TRIPPED);
    }

    @Test
    void aRecoveringBreakerTripsAgainOnWhatPassesAndForgetsWhatCameBefore() {
        for (int i = 0; i < 3; i++) {
            breaker.record(503, true, 1_000_000);
            ticker.advance(Duration.ofMillis(150));
        }
        assertThat(trips).hasValue(1);
        ticker.advance(Duration.ofSeconds(15));
        breaker.admits();
        breaker.record(200, false, 1_000_000);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.RECOVERING);

        ticker.advance(Duration.ofMillis(150));
        breaker.record(502, true, 1_000_000);
        ticker.advance(Duration.ofMillis(150));
        breaker.record(502, true, 1_000_000);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.TRIPPED);
        assertThat(trips).hasValue(2);
    }
}
