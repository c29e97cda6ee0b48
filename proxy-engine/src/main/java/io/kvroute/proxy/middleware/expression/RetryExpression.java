package io.kvroute.proxy.middleware.expression;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * The buffering middleware's {@code retryExpression} in oxy's language (its {@code buffer} package, read by
 * vulcand/predicate): when it holds for a finished attempt, the request is sent again. The functions:
 * {@code IsNetworkError()} (a condition: the answer was 502 or 504, as Traefik answers a network error or a
 * timeout), {@code Attempts()} and {@code ResponseCode()} (whole numbers, compared with a whole number by
 * {@code < <= > >= == !=}) and {@code RequestMethod()} (compared with a string such as {@code "GET"} by {@code ==} or
 * {@code !=}); conditions joined by {@code &&} and {@code ||} (Go precedence: {@code &&} first), with parentheses.
 * A comparison has the function on its left, as oxy requires. What oxy refuses is refused (such as
 * {@code Attempts()} alone, {@code !IsNetworkError()}, {@code Attempts() < 2.5}), and so are strings with escape
 * sequences, which kvroute does not read.
 *
 * <pre>{@code
 * RetryExpression retry = RetryExpression.parse("IsNetworkError() && Attempts() <= 2");
 * retry.holds(new RetryAttempt(1, 502, "GET"));   // true: a network error on the first attempt
 * }</pre>
 */
public final class RetryExpression {
    private final String text;
    private final Predicate<RetryAttempt> condition;

    private RetryExpression(String text, Predicate<RetryAttempt> condition) {
        this.text = text;
        this.condition = condition;
    }

    /**
     * Parses {@code text}.
     *
     * @throws ExpressionException naming the column and what was expected there
     */
    public static RetryExpression parse(String text) {
        return new RetryExpression(text, new RetryExpressionParser(requireNonNull(text, "text")).parse());
    }

    /** Whether the request is sent again after {@code attempt}. */
    public boolean holds(RetryAttempt attempt) {
        return condition.test(requireNonNull(attempt, "attempt"));
    }

    @Override
    public String toString() {
        return text;
    }
}
