package io.kvroute.proxy.middleware.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.proxy.middleware.expression.ExpressionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's documented expressions, and what oxy's parser refuses, with the column kvroute names. */
class ExpressionTest {
    private static final long NOW = 5_000_000_000_000L;

    /** Ten requests: {@code errors} network errors (502), {@code serverErrors} 500s, the rest 200s in 10 ms. */
    private static CircuitMetrics traffic(int errors, int serverErrors) {
        CircuitMetrics metrics = new CircuitMetrics();
        for (int i = 0; i < 10; i++) {
            int status = i < errors ? 502 : i < errors + serverErrors ? 500 : 200;
            metrics.record(status, i < errors, 10_000_000L * (i + 1), NOW);
        }
        return metrics.at(NOW);
    }

    @Test
    void networkErrorRatioFromTheDocumentation() {
        Expression expression = Expression.parse("NetworkErrorRatio() > 0.30");

        assertThat(expression.matches(traffic(4, 0))).isTrue();
        assertThat(expression.matches(traffic(3, 0))).isFalse();
        assertThat(expression.matches(new CircuitMetrics().at(NOW))).isFalse();
    }

    @Test
    void responseCodeRatioCountsStatusRangesOverTheirDivisor() {
        Expression expression = Expression.parse("ResponseCodeRatio(500, 600, 0, 600) > 0.25");

        assertThat(expression.matches(traffic(0, 3))).isTrue();
        assertThat(expression.matches(traffic(1, 1))).isFalse();
    }

    @Test
    void latencyAtQuantileIsInWholeMilliseconds() {
        assertThat(Expression.parse("LatencyAtQuantileMS(50.0) > 50").matches(traffic(0, 0))).isFalse();
        assertThat(Expression.parse("LatencyAtQuantileMS(50.0) >= 50").matches(traffic(0, 0))).isTrue();
        assertThat(Expression.parse("LatencyAtQuantileMS(100.0) == 100").matches(traffic(0, 0))).isTrue();
        assertThat(Expression.parse("RequestThreshold() != 10").matches(traffic(0, 0))).isFalse();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesRegroup() {
        CircuitMetrics metrics = traffic(4, 0);

        assertThat(Expression.parse("RequestThreshold() < 5 && NetworkErrorRatio() > 0.5 || "
                + "NetworkErrorRatio() > 0.3").matches(metrics)).isTrue();
        assertThat(Expression.parse("RequestThreshold() < 5 && (NetworkErrorRatio() > 0.5 || "
                + "NetworkErrorRatio() > 0.3)").matches(metrics)).isFalse();
        assertThat(Expression.parse("ResponseCodeRatio(500, 600, 0, 600) > 0.30 || NetworkErrorRatio() > 0.10")
                .matches(metrics)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                                  | 1  | found nothing
            NetworkErrorRatio() > 1             | 21 | is a ratio, compared with a number with a decimal point
            LatencyAtQuantileMS(50) > 100       | 1  | takes a number with a decimal point
            LatencyAtQuantileMS(50.0) > 100.5   | 27 | is a whole number
            NetworkErrorRatio()                 | 1  | must be a comparison
            0.5 < NetworkErrorRatio()           | 5  | the left of < must be a function call
            NetworkErrorRatio() > 0.5 &&        | 29 | found the end
            Latency() > 1                       | 1  | unknown function Latency
            NetworkErrorRatio() > -0.5          | 23 | - is not an operator
            (NetworkErrorRatio() > 0.5          | 27 | expected ), found the end
            NetworkErrorRatio() > 0.5 & RequestThreshold() > 3 | 27 | expected && or || or the end
            NetworkErrorRatio(1) > 0.5          | 1  | takes no arguments, not 1
            ResponseCodeRatio(500, 600) > 0.5   | 1  | takes four whole numbers
            RequestThreshold() > 0x10           | 22 | 0x10 is not a decimal number
            NetworkErrorRatio > 0.5             | 19 | expected ( after NetworkErrorRatio
            NetworkErrorRatio() > 0.5 > 0.2     | 27 | the left of > must be a function call
            NetworkErrorRatio() > "0.5"         | 23 | strings are not used
            """)
    void refusesWhatOxyRefusesAndSaysWhere(String text, int column, String problem) {
        assertThatThrownBy(() -> Expression.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith("at column " + column + ": ");
                });
    }
}
