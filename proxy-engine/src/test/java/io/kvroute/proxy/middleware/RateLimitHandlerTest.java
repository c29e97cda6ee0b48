package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's rateLimit: its derived limits, buckets per source, the 429 and what is refused. */
class RateLimitHandlerTest {
    private final MiddlewareEvents events = new MiddlewareEvents();

    private TestServer serve(String settings) {
        return TestServer.start(MiddlewareChain.build(List.of(Opaque.of("limit", "rateLimit", settings)),
                Echo.HANDLER, events).handler());
    }

    @ParameterizedTest(name = "average {0} per {1}")
    @CsvSource(textBlock = """
            100, 1s,  100.0,        5ms,   2s
            50,  1m,  0.8333333333, 500ms, 2s
            1,   1m,  0.0166666666, 500ms, 61s
            3,   0s,  3.0,          166666666ns, 2s
            """)
    void derivesRateLongestWaitAndIdleTimeAsTraefik(long average, String period, double rate, String maxWait,
            String ttl) {
        RateLimitHandler.Limits limits = RateLimitHandler.Limits.of(average,
                io.kvroute.kv.gotext.GoDuration.parseDuration(period), 1);

        assertThat(limits.rate()).isCloseTo(rate, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(limits.maxWait()).isEqualTo(io.kvroute.kv.gotext.GoDuration.parseDuration(maxWait));
        assertThat(limits.idleTtl()).isEqualTo(io.kvroute.kv.gotext.GoDuration.parseDuration(ttl));
    }

    @Test
    void aBucketStartsFullTakesATokenPerRequestAndRefusesWhatWouldWaitTooLong() {
        TokenBucket bucket = new TokenBucket(2.0, 2, 0);

        assertThat(bucket.reserve(0, 250_000_000)).isZero();
        assertThat(bucket.reserve(0, 250_000_000)).isZero();
        assertThat(bucket.reserve(0, 250_000_000)).as("a refused wait").isEqualTo(500_000_000);
        assertThat(bucket.reserve(300_000_000, 250_000_000)).as("waits for the token coming in 200 ms")
                .isEqualTo(200_000_000);
        assertThat(bucket.reserve(300_000_000, 250_000_000)).as("the next one would wait 700 ms")
                .isEqualTo(700_000_000);
    }

    @Test
    void answersTooManyRequestsWithRetryAfterOncePerSourceBurstIsSpent() {
        try (TestServer server = serve("{\"average\": 1, \"period\": \"10s\", \"burst\": 2,"
                + " \"sourceCriterion\": {\"requestHeaderName\": \"X-Client\"}}")) {
            List<Integer> first = List.of(Http.get(server.uri("/"), "X-Client", "a").statusCode(),
                    Http.get(server.uri("/"), "X-Client", "a").statusCode());
            HttpResponse<String> limited = Http.get(server.uri("/"), "X-Client", "a");
            HttpResponse<String> other = Http.get(server.uri("/"), "X-Client", "b");

            assertThat(first).containsExactly(200, 200);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("Too Many Requests");
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
            assertThat(limited.headers().firstValue("X-Retry-In")).hasValueSatisfying(wait ->
                    assertThat(wait).endsWith("s"));
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(events.snapshot().get("limit")).containsEntry("rateLimited", 1L);
        }
    }

    @Test
    void averageZeroLimitsNothing() {
        try (TestServer server = serve("{\"average\": 0, \"period\": \"1s\", \"burst\": 1}")) {
            for (int i = 0; i < 5; i++) {
                assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
            }
        }
    }

    /**
     * As Traefik v3.7.9's code (not its documentation): with {@code redis}, average 0 is {@code rate.Inf}, for which
     * the Redis limiter answers a nil delay without asking Redis, which the middleware answers 429. The Redis here
     * listens nowhere: asking it would answer 500.
     */
    @Test
    void averageZeroWithRedisAnswersEveryRequestNoBurstyTrafficAllowedWithoutAskingRedis() {
        try (TestServer server = serve("{\"average\": 0, \"redis\": {\"endpoints\": [\"127.0.0.1:9\"]}}")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = Http.get(server.uri("/"));

                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.body()).isEqualTo("No bursty traffic allowed\n");
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
                assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            }
            assertThat(events.snapshot().get("limit")).containsEntry("rateLimited", 3L);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"average": -1}                                                      | average -1 (expected: 0 (no limit) or more
            {"average": 5, "period": "-1s"}                                     | period "-1s" (expected: a duration of 0
            {"sourceCriterion": {"requestHost": true, "requestHeaderName": "X"}} | sourceCriterion/requestHeaderName "X" (expected: only one of
            {"sourceCriterion": {"ipStrategy": {"depth": -1}}}                   | sourceCriterion/ipStrategy/depth -1 (expected: 0 or more)
            {"average": 5, "redis": {"endpoints": ["localhost"]}}               | redis/endpoints ["localhost"] (expected: host:port
            """)
    void refusesWhatCannotWorkNamingTheSetting(String settings, String message) {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("limit", "rateLimit", settings)),
                Echo.HANDLER)).isInstanceOf(MiddlewareException.class).hasMessageContaining(message);
    }
}
