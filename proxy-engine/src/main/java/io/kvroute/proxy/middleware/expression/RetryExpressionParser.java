package io.kvroute.proxy.middleware.expression;

import io.kvroute.proxy.middleware.expression.ExpressionToken.Kind;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Parses {@link RetryExpression}s by oxy's rules, as the circuit breaker's parser does its language: {@code ||}
 * binds less than {@code &&}, which binds less than the comparisons; a comparison has a function call on its left and
 * a literal of the call's kind on its right; the functions take no arguments. Anything else is an
 * {@link ExpressionException} at its column.
 */
final class RetryExpressionParser {
    private static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=", "==", "!=");
    private static final List<String> OPERATORS = List.of("<", "<=", ">", ">=", "==", "!=", "&&", "||", "(", ")",
            ",");
    private static final String FUNCTIONS = "IsNetworkError(), Attempts(), ResponseCode() or RequestMethod()";
    private static final String EXAMPLE = "IsNetworkError() && Attempts() <= 2";

    /** What a part of the expression is while it is parsed. */
    private sealed interface Operand permits Whole, Text, WholeCall, TextCall, Condition {
    }

    private record Whole(long value) implements Operand {
    }

    private record Text(String value) implements Operand {
    }

    private record WholeCall(String call, ToIntFunction<RetryAttempt> value) implements Operand {
    }

    private record TextCall(String call, Function<RetryAttempt, String> value) implements Operand {
    }

    private record Condition(Predicate<RetryAttempt> test) implements Operand {
    }

    private final ExpressionLexer lexer;
    private ExpressionToken token;

    RetryExpressionParser(String text) {
        this.lexer = new ExpressionLexer(text);
    }

    Predicate<RetryAttempt> parse() {
        advance();
        if (token.kind() == Kind.END) {
            throw token.error("expected a condition such as " + EXAMPLE + ", found nothing");
        }
        Operand whole = or();
        if (token.kind() != Kind.END) {
            throw token.error("expected && or || or the end, found " + token.shown());
        }
        if (!(whole instanceof Condition condition)) {
            throw new ExpressionException(1, "the expression must be a condition such as " + EXAMPLE);
        }
        return condition.test();
    }

    private Operand or() {
        Operand left = and();
        while (token.isSymbol("||")) {
            ExpressionToken operator = token;
            advance();
            Predicate<RetryAttempt> first = condition(left, operator);
            left = new Condition(first.or(condition(and(), operator)));
        }
        return left;
    }

    private Operand and() {
        Operand left = comparison();
        while (token.isSymbol("&&")) {
            ExpressionToken operator = token;
            advance();
            Predicate<RetryAttempt> first = condition(left, operator);
            left = new Condition(first.and(condition(comparison(), operator)));
        }
        return left;
    }

    private Operand comparison() {
        Operand left = primary();
        while (token.kind() == Kind.SYMBOL && COMPARISONS.contains(token.text())) {
            ExpressionToken operator = token;
            advance();
            left = new Condition(compare(left, operator, primary()));
        }
        return left;
    }

    private Operand primary() {
        ExpressionToken start = token;
        switch (start.kind()) {
            case WHOLE -> {
                advance();
                return whole(start);
            }
            case DECIMAL -> throw start.error(start.text() + " is not a whole number; retry expressions compare "
                    + "whole numbers");
            case STRING -> {
                advance();
                return new Text(unquote(start));
            }
            case NAME -> {
                advance();
                noArguments(start);
                return call(start);
            }
            case SYMBOL -> {
                if (start.isSymbol("(")) {
                    advance();
                    Operand inner = or();
                    expect(")");
                    return inner;
                }
                throw start.error("expected a function call such as IsNetworkError() or a literal, found "
                        + start.shown() + (OPERATORS.contains(start.text()) ? ""
                                : "; " + start.text() + " is not an operator of retry expressions"));
            }
            default -> throw start.error("expected a function call such as IsNetworkError() or a literal, found "
                    + start.shown());
        }
    }

    private void noArguments(ExpressionToken name) {
        if (!token.isSymbol("(")) {
            throw token.error("expected ( after " + name.text() + " (a function call), found " + token.shown());
        }
        advance();
        if (!token.isSymbol(")")) {
            throw name.error(name.text() + " takes no arguments");
        }
        advance();
    }

    private static Operand call(ExpressionToken name) {
        return switch (name.text()) {
            case "IsNetworkError" -> new Condition(attempt -> attempt.responseCode() == 502
                    || attempt.responseCode() == 504);
            case "Attempts" -> new WholeCall("Attempts()", RetryAttempt::attempts);
            case "ResponseCode" -> new WholeCall("ResponseCode()", RetryAttempt::responseCode);
            case "RequestMethod" -> new TextCall("RequestMethod()", RetryAttempt::method);
            default -> throw name.error("unknown function " + name.text() + "; expected " + FUNCTIONS);
        };
    }

    private static Predicate<RetryAttempt> compare(Operand left, ExpressionToken operator, Operand right) {
        String op = operator.text();
        if (left instanceof WholeCall call) {
            if (!(right instanceof Whole whole)) {
                throw operator.error(call.call() + " is a whole number, compared with a whole number such as 2");
            }
            long limit = whole.value();
            ToIntFunction<RetryAttempt> value = call.value();
            return switch (op) {
                case "<" -> attempt -> value.applyAsInt(attempt) < limit;
                case "<=" -> attempt -> value.applyAsInt(attempt) <= limit;
                case ">" -> attempt -> value.applyAsInt(attempt) > limit;
                case ">=" -> attempt -> value.applyAsInt(attempt) >= limit;
                case "==" -> attempt -> value.applyAsInt(attempt) == limit;
                default -> attempt -> value.applyAsInt(attempt) != limit;
            };
        }
        if (left instanceof TextCall call) {
            if (!(right instanceof Text text)) {
                throw operator.error(call.call() + " is a string, compared with a string such as \"GET\"");
            }
            if (!op.equals("==") && !op.equals("!=")) {
                throw operator.error(call.call() + " is compared only with == or !=");
            }
            Function<RetryAttempt, String> value = call.value();
            String expected = text.value();
            return op.equals("==") ? attempt -> Objects.equals(value.apply(attempt), expected)
                    : attempt -> !Objects.equals(value.apply(attempt), expected);
        }
        if (left instanceof Condition) {
            throw operator.error("the left of " + op + " is a condition, which is not compared; the left of a "
                    + "comparison is Attempts(), ResponseCode() or RequestMethod()");
        }
        throw operator.error("the left of " + op + " must be a function call such as Attempts()");
    }

    private static Predicate<RetryAttempt> condition(Operand operand, ExpressionToken operator) {
        if (!(operand instanceof Condition condition)) {
            throw operator.error(operator.text() + " joins conditions such as IsNetworkError() or Attempts() <= 2");
        }
        return condition.test();
    }

    private static Whole whole(ExpressionToken number) {
        try {
            return new Whole(Long.parseLong(number.text()));
        } catch (NumberFormatException tooLarge) {
            throw number.error(number.text() + " is too large");
        }
    }

    /** A string literal's value: {@code "..."} without escape sequences, or {@code `...`}. */
    private static String unquote(ExpressionToken string) {
        String text = string.text();
        char quote = text.charAt(0);
        if (text.length() < 2 || text.charAt(text.length() - 1) != quote) {
            throw string.error("the string " + text + " is not closed");
        }
        if (quote == '\'') {
            throw string.error(text + " is a Go character, not a string; write strings as \"GET\"");
        }
        String value = text.substring(1, text.length() - 1);
        if (quote == '"' && value.indexOf('\\') >= 0) {
            throw string.error("the string " + text + " has an escape sequence, which kvroute does not read");
        }
        return value;
    }

    private void expect(String symbol) {
        if (!token.isSymbol(symbol)) {
            throw token.error("expected " + symbol + ", found " + token.shown());
        }
        advance();
    }

    private void advance() {
        token = lexer.next();
    }
}
