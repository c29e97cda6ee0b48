package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Middleware;
import io.kvroute.proxy.middleware.expression.RetryExpression;
import java.util.List;
import org.junit.jupiter.api.Test;

/** oxy's cap on buffering retries, and which chains carry a retry expression. */
class BufferRetryTest {
    @Test
    void theExpressionIsNotAskedAfterTheTenthAttemptAsOxysDefaultMaxRetryAttempts() {
        BufferRetry always = new BufferRetry(RetryExpression.parse("Attempts() > 0"));

        assertThat(always.retries(1, 200, "GET")).isTrue();
        assertThat(always.retries(BufferRetry.MAX_RETRIES, 200, "GET")).isTrue();
        assertThat(always.retries(BufferRetry.MAX_RETRIES + 1, 200, "GET")).isFalse();
    }

    @Test
    void aChainCarriesARetryOnlyWithANonEmptyExpression() {
        Middleware retrying = Opaque.of("buf", "buffering", "{\"retryExpression\": \"IsNetworkError()\"}");
        Middleware empty = Opaque.of("buf", "buffering", "{\"retryExpression\": \"\"}");
        Middleware limits = Opaque.of("buf", "buffering", "{\"maxRequestBodyBytes\": 10}");

        assertThat(BufferRetry.configuredIn(List.of(limits, retrying))).isTrue();
        assertThat(BufferRetry.configuredIn(List.of(empty, limits))).isFalse();
    }
}
