package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Retry;
import io.undertow.server.HttpHandler;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry middleware's Traefik 3.7 settings: which become the policy, which are accepted, which are refused. */
class RetryPolicyHandlerTest {
    private static final HttpHandler REPORT = exchange -> exchange.getResponseSender().send(
            RetryPolicy.of(exchange).map(RetryPolicy::toString).orElse("none"));

    /** A retry of {@code attempts} with an initial interval of 100ms and the other settings as JSON. */
    private static Retry retry(int attempts, String others) {
        return new Retry("retry", attempts, Optional.of(Duration.ofMillis(100)),
                Opaque.of("retry", "retry", others).settings());
    }

    private static String policySeenBehind(Retry retry) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(retry), REPORT).handler())) {
            return Http.get(server.uri("/")).body();
        }
    }

    @Test
    void appliesTheDocumentationExampleWithoutStatuses() {
        Retry example = retry(4, """
                {"timeout": "60s", "maxRequestBodyBytes": 1024, "retryNonIdempotentMethod": true,
                 "disableRetryOnNetworkError": false}""");

        assertThat(policySeenBehind(example))
                .isEqualTo("RetryPolicy[attempts=4, initialInterval=PT0.1S, timeout=PT1M]");
    }

    @Test
    void acceptsTheDecodersDefaultsAndABareNumberOfSecondsAsTimeout() {
        assertThat(policySeenBehind(retry(2, "{\"maxRequestBodyBytes\": 2097152, \"timeout\": 3}")))
                .isEqualTo("RetryPolicy[attempts=2, initialInterval=PT0.1S, timeout=PT3S]");
        assertThat(policySeenBehind(retry(2, "{\"maxRequestBodyBytes\": -1}")))
                .isEqualTo("RetryPolicy[attempts=2, initialInterval=PT0.1S, timeout=PT0S]");
    }

    private static final HttpHandler STATUS_RETRIES = exchange -> exchange.getResponseSender().send(
            StatusRetry.of(exchange).map(StatusRetry::toString).orElse("none"));

    @Test
    void appliesTheDocumentationExampleWithStatuses() {
        Retry example = retry(4, """
                {"timeout": "60s", "maxRequestBodyBytes": 1024, "status": ["400", "500-599"],
                 "disableRetryOnNetworkError": true, "retryNonIdempotentMethod": true}""");

        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(example), STATUS_RETRIES).handler())) {
            assertThat(Http.get(server.uri("/")).body()).isEqualTo("StatusRetry[statuses=HttpCodeRanges[ranges=["
                    + "Range[low=400, high=400], Range[low=500, high=599]]], nonIdempotentMethods=true, "
                    + "maxRequestBodyBytes=1024, networkErrors=false]");
        }
        assertThat(policySeenBehind(example))
                .isEqualTo("RetryPolicy[attempts=4, initialInterval=PT0.1S, timeout=PT1M]");
    }

    @Test
    void retriesStatusesOfEveryMethodButPostPatchAndLockUnlessAsked() {
        StatusRetry retries = new StatusRetry(HttpCodeRanges.parse(List.of("503")).orElseThrow(), false,
                RetryPolicyHandler.DEFAULT_MAX_REQUEST_BODY_BYTES, true);

        assertThat(retries.retries(503)).isTrue();
        assertThat(retries.retries(502)).isFalse();
        assertThat(retries.appliesTo(Methods.GET)).isTrue();
        assertThat(retries.appliesTo(Methods.PUT)).isTrue();
        assertThat(retries.appliesTo(Methods.TRACE)).isTrue();
        assertThat(retries.appliesTo(Methods.POST)).isFalse();
        assertThat(retries.appliesTo(Methods.PATCH)).isFalse();
        assertThat(retries.appliesTo(Methods.LOCK)).isFalse();
        assertThat(new StatusRetry(retries.statuses(), true, 0, true).appliesTo(Methods.POST)).isTrue();
        assertThat(retries.replays(2 * 1024 * 1024)).isTrue();
        assertThat(retries.replays(2 * 1024 * 1024 + 1)).isFalse();
        assertThat(new StatusRetry(retries.statuses(), false, -1, true).replays(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void refusesAStatusThatIsNotACodeOrRange() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry(2, "{\"status\": [\"5xx\"]}")), REPORT))
                .isInstanceOfSatisfying(MiddlewareException.class,
                        e -> assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"retry\" (retry): status [\"5xx\"] (expected: status codes or ranges such as "
                        + "503 or 500-599)");
    }

    @Test
    void refusesDisablingNetworkRetriesWithoutStatusesAsTraefikDoes() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry(3, "{\"disableRetryOnNetworkError\": true}")),
                REPORT))
                .isInstanceOfSatisfying(MiddlewareException.class,
                        e -> assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"retry\" (retry): disableRetryOnNetworkError true (expected: false unless "
                        + "status is set: a retry needs network errors or statuses to retry on)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"timeout\": \"soon\"}|timeout \"soon\" (expected: a duration such as 10s or 1m30s)",
        "{\"timeout\": \"-1s\"}|timeout: PT-1S (expected: >= 0)",
        "{\"maxRequestBodyBytes\": \"lots\"}|maxRequestBodyBytes \"lots\" (expected: a whole number)",
        "{\"retryNonIdempotentMethod\": \"yes\"}|retryNonIdempotentMethod \"yes\" (expected: true or false)",
        "{\"status\": \"500\"}|status \"500\" (expected: a list of strings)",
    })
    void namesASettingOfTheWrongShape(String others, String problem) {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry(2, others)), REPORT))
                .isInstanceOfSatisfying(MiddlewareException.class,
                        e -> assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"retry\" (retry): " + problem);
    }

    @Test
    void refusesASettingItDoesNotKnow() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry(2, "{\"jitter\": \"10ms\"}")), REPORT))
                .isInstanceOfSatisfying(MiddlewareException.class,
                        e -> assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED))
                .hasMessageContaining("jitter");
    }
}
