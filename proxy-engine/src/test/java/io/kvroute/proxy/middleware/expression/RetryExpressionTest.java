package io.kvroute.proxy.middleware.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** oxy's documented retry expressions, what its parser refuses, and the column kvroute names. */
class RetryExpressionTest {
    private static boolean holds(String expression, int attempts, int responseCode) {
        return RetryExpression.parse(expression).holds(new RetryAttempt(attempts, responseCode, "GET"));
    }

    @Test
    void networkErrorsAreTheStatusesTraefikAnswersThemWith() {
        String documented = "IsNetworkError() && Attempts() <= 2";

        assertThat(holds(documented, 1, 502)).isTrue();
        assertThat(holds(documented, 2, 504)).isTrue();
        assertThat(holds(documented, 3, 502)).as("the third attempt is the last").isFalse();
        assertThat(holds(documented, 1, 500)).isFalse();
        assertThat(holds(documented, 1, 503)).isFalse();
        assertThat(holds(documented, 1, 200)).isFalse();
    }

    @Test
    void responseCodeAndAttemptsCompareWithWholeNumbers() {
        String documented = "Attempts() <= 2 && ResponseCode() == 502";

        assertThat(holds(documented, 2, 502)).isTrue();
        assertThat(holds(documented, 2, 504)).isFalse();
        assertThat(holds("ResponseCode() >= 500 && ResponseCode() != 501", 1, 503)).isTrue();
        assertThat(holds("ResponseCode() >= 500 && ResponseCode() != 501", 1, 501)).isFalse();
        assertThat(holds("ResponseCode() > 499 && Attempts() < 2", 1, 500)).isTrue();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesRegroup() {
        assertThat(holds("ResponseCode() == 500 || IsNetworkError() && Attempts() < 2", 3, 500)).isTrue();
        assertThat(holds("(ResponseCode() == 500 || IsNetworkError()) && Attempts() < 2", 3, 500)).isFalse();
        assertThat(holds("((IsNetworkError()))", 1, 502)).isTrue();
        assertThat(holds("(Attempts()) < 2", 1, 502)).isTrue();
    }

    @Test
    void requestMethodComparesWithAStringInEitherQuotes() {
        RetryExpression getOnly = RetryExpression.parse("IsNetworkError() && RequestMethod() == \"GET\"");
        RetryExpression notPost = RetryExpression.parse("IsNetworkError() && RequestMethod() != `POST`");

        assertThat(getOnly.holds(new RetryAttempt(1, 502, "GET"))).isTrue();
        assertThat(getOnly.holds(new RetryAttempt(1, 502, "POST"))).isFalse();
        assertThat(notPost.holds(new RetryAttempt(1, 502, "PUT"))).isTrue();
        assertThat(notPost.holds(new RetryAttempt(1, 502, "POST"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                                    | 1  | found nothing
            Attempts()                            | 1  | must be a condition
            Attempts() < 2.5                      | 14 | 2.5 is not a whole number
            2 > Attempts()                        | 3  | the left of > must be a function call
            IsNetworkError() == 1                 | 18 | is a condition, which is not compared
            !IsNetworkError()                     | 1  | ! is not an operator of retry expressions
            Attempts() < -1                       | 14 | - is not an operator
            ResponseCode() == "502"               | 16 | ResponseCode() is a whole number
            RequestMethod() == 1                  | 17 | RequestMethod() is a string
            RequestMethod() < "GET"               | 17 | compared only with == or !=
            RequestMethod() == "G\\x45T"          | 20 | has an escape sequence
            RequestMethod() == "GET               | 20 | is not closed
            Attempts(1) < 2                       | 1  | Attempts takes no arguments
            Attempts < 2                          | 10 | expected ( after Attempts
            IsNetworkErrors()                     | 1  | unknown function IsNetworkErrors
            IsNetworkError() &&                   | 20 | found the end
            IsNetworkError() & Attempts() < 2     | 18 | expected && or || or the end
            Attempts() < 2 < 3                    | 16 | is a condition, which is not compared
            (IsNetworkError()                     | 18 | expected ), found the end
            Attempts() < 0x2                      | 14 | 0x2 is not a decimal number
            Attempts() < 99999999999999999999     | 14 | is too large
            """)
    void refusesWhatOxyRefusesAndSaysWhere(String text, int column, String problem) {
        assertThatThrownBy(() -> RetryExpression.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.problem()).contains(problem);
                });
    }
}
