package io.kvroute.proxy.middleware.circuit;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.expression.ExpressionException;
import java.util.function.Predicate;

/**
 * A circuit breaker condition in oxy's language, which Traefik's {@code circuitBreaker.expression} is: comparisons
 * of a function with a number, joined by {@code &&} and {@code ||} (Go precedence: {@code &&} first), with
 * parentheses. The functions: {@code NetworkErrorRatio()} and {@code ResponseCodeRatio(from, to, dividedByFrom,
 * dividedByTo)} (ratios, compared with a number with a decimal point such as {@code 0.5}),
 * {@code LatencyAtQuantileMS(percentile)} (the percentile with a decimal point, such as {@code 50.0}; compared with a
 * whole number of milliseconds) and {@code RequestThreshold()} (requests in the window, compared with a whole
 * number). The comparisons: {@code < <= > >= == !=}, the function on the left. What oxy refuses is refused, such as
 * {@code NetworkErrorRatio() > 1} (a ratio compared with a whole number) or {@code LatencyAtQuantileMS(50) > 100}.
 *
 * <pre>{@code
 * Expression tripIf = Expression.parse("ResponseCodeRatio(500, 600, 0, 600) > 0.25");
 * }</pre>
 */
public final class Expression {
    private final String text;
    private final Predicate<CircuitMetrics> condition;

    Expression(String text, Predicate<CircuitMetrics> condition) {
        this.text = requireNonNull(text, "text");
        this.condition = requireNonNull(condition, "condition");
    }

    /**
     * Parses {@code text}.
     *
     * @throws ExpressionException naming the column and what was expected there
     */
    public static Expression parse(String text) {
        return new Expression(text, new ExpressionParser(requireNonNull(text, "text")).parse());
    }

    boolean matches(CircuitMetrics metrics) {
        return condition.test(metrics);
    }

    @Override
    public String toString() {
        return text;
    }
}
