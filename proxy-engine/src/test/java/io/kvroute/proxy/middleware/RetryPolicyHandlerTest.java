package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Retry;
import io.undertow.server.HttpHandler;
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

    @Test
    void refusesRetryingOnStatusesWithTheDocumentationExample() {
        Retry example = retry(4, """
                {"timeout": "60s", "maxRequestBodyBytes": 1024, "status": ["400", "500-599"],
                 "disableRetryOnNetworkError": true, "retryNonIdempotentMethod": true}""");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(example), REPORT))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED);
                    assertThat(e.middleware()).isEqualTo("retry");
                })
                .hasMessageStartingWith("middleware \"retry\" (retry): status [400, 500-599] is not applied: ");
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
