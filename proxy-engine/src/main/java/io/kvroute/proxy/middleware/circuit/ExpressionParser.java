package io.kvroute.proxy.middleware.circuit;

import io.kvroute.proxy.middleware.expression.ExpressionException;
import io.kvroute.proxy.middleware.expression.ExpressionLexer;
import io.kvroute.proxy.middleware.expression.ExpressionToken;
import io.kvroute.proxy.middleware.expression.ExpressionToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Parses the circuit breaker language by oxy's rules (Go expression syntax, read by vulcand/predicate, typed by
 * oxy's {@code cbreaker}): {@code ||} binds less than {@code &&}, which binds less than the comparisons; a comparison
 * has a function call on its left and a literal of the call's kind on its right; a function's arguments are
 * literals of the kinds it takes. Anything else (other operators, negative numbers, strings, identifiers that are
 * not calls) is an {@link ExpressionException} at its column. Tokens come from the {@link ExpressionLexer} the
 * buffering middleware's retry condition shares.
 */
final class ExpressionParser {
    private static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=", "==", "!=");
    private static final String FUNCTIONS =
            "NetworkErrorRatio(), ResponseCodeRatio(from, to, dividedByFrom, dividedByTo), "
                    + "LatencyAtQuantileMS(percentile) or RequestThreshold()";

    /** What a part of the expression is while it is parsed. */
    private sealed interface Operand permits Whole, Decimal, Call, Condition {
    }

    private record Whole(long value) implements Operand {
    }

    private record Decimal(double value) implements Operand {
    }

    private record Call(Measure measure) implements Operand {
    }

    private record Condition(Predicate<CircuitMetrics> test) implements Operand {
    }

    private final ExpressionLexer lexer;
    private ExpressionToken token;

    ExpressionParser(String text) {
        this.lexer = new ExpressionLexer(text);
    }

    Predicate<CircuitMetrics> parse() {
        advance();
        if (token.kind() == Kind.END) {
            throw error(token, "expected a condition such as NetworkErrorRatio() > 0.5, found nothing");
        }
        Operand whole = or();
        if (token.kind() != Kind.END) {
            throw error(token, "expected && or || or the end, found " + token.shown());
        }
        if (!(whole instanceof Condition condition)) {
            throw error(1, "the expression must be a comparison such as NetworkErrorRatio() > 0.5");
        }
        return condition.test();
    }

    private Operand or() {
        Operand left = and();
        while (isSymbol("||")) {
            ExpressionToken operator = token;
            advance();
            Predicate<CircuitMetrics> first = condition(left, operator);
            Predicate<CircuitMetrics> second = condition(and(), operator);
            left = new Condition(first.or(second));
        }
        return left;
    }

    private Operand and() {
        Operand left = comparison();
        while (isSymbol("&&")) {
            ExpressionToken operator = token;
            advance();
            Predicate<CircuitMetrics> first = condition(left, operator);
            Predicate<CircuitMetrics> second = condition(comparison(), operator);
            left = new Condition(first.and(second));
        }
        return left;
    }

    private Operand comparison() {
        Operand left = primary();
        while (token.kind() == Kind.SYMBOL && COMPARISONS.contains(token.text())) {
            ExpressionToken operator = token;
            advance();
            Operand right = primary();
            left = new Condition(compare(left, operator, right));
        }
        return left;
    }

    private Operand primary() {
        ExpressionToken start = token;
        switch (start.kind()) {
            case WHOLE, DECIMAL -> {
                advance();
                return literal(start);
            }
            case NAME -> {
                advance();
                return new Call(call(start, arguments(start)));
            }
            case SYMBOL -> {
                if (start.text().equals("(")) {
                    advance();
                    Operand inner = or();
                    expect(")");
                    return inner;
                }
                throw error(start, "expected a function call such as NetworkErrorRatio() or a number, found "
                        + start.shown() + unsupported(start));
            }
            case STRING -> throw error(start, "strings are not used by circuit breaker expressions");
            default -> throw error(start, "expected a function call such as NetworkErrorRatio() or a number, found "
                    + start.shown());
        }
    }

    private List<Operand> arguments(ExpressionToken name) {
        if (!isSymbol("(")) {
            throw error(token, "expected ( after " + name.text() + " (a function call), found " + token.shown());
        }
        advance();
        List<Operand> arguments = new ArrayList<>();
        if (isSymbol(")")) {
            advance();
            return arguments;
        }
        while (true) {
            if (token.kind() != Kind.WHOLE && token.kind() != Kind.DECIMAL) {
                throw error(token, "expected a number as an argument of " + name.text() + ", found " + token.shown());
            }
            arguments.add(literal(token));
            advance();
            if (isSymbol(")")) {
                advance();
                return arguments;
            }
            expect(",");
        }
    }

    private Measure call(ExpressionToken name, List<Operand> arguments) {
        switch (name.text()) {
            case "NetworkErrorRatio" -> {
                requireArguments(name, arguments, 0, "no arguments");
                return Measure.ratio("NetworkErrorRatio()", CircuitMetrics::networkErrorRatio);
            }
            case "RequestThreshold" -> {
                requireArguments(name, arguments, 0, "no arguments");
                return Measure.whole("RequestThreshold()", CircuitMetrics::totalCount);
            }
            case "ResponseCodeRatio" -> {
                requireArguments(name, arguments, 4, "four whole numbers (from, to, dividedByFrom, dividedByTo)");
                if (!arguments.stream().allMatch(Whole.class::isInstance)) {
                    throw error(name, "ResponseCodeRatio takes four whole numbers (from, to, dividedByFrom, "
                            + "dividedByTo), such as ResponseCodeRatio(500, 600, 0, 600)");
                }
                long from = ((Whole) arguments.get(0)).value();
                long to = ((Whole) arguments.get(1)).value();
                long dividedByFrom = ((Whole) arguments.get(2)).value();
                long dividedByTo = ((Whole) arguments.get(3)).value();
                return Measure.ratio("ResponseCodeRatio()",
                        metrics -> metrics.responseCodeRatio(from, to, dividedByFrom, dividedByTo));
            }
            case "LatencyAtQuantileMS" -> {
                requireArguments(name, arguments, 1, "one number with a decimal point, such as 50.0");
                if (!(arguments.get(0) instanceof Decimal percentile)) {
                    throw error(name, "LatencyAtQuantileMS takes a number with a decimal point, such as "
                            + "LatencyAtQuantileMS(50.0)");
                }
                return Measure.whole("LatencyAtQuantileMS()",
                        metrics -> metrics.latencyAtQuantileMillis(percentile.value()));
            }
            default -> throw error(name, "unknown function " + name.text() + "; expected " + FUNCTIONS);
        }
    }

    private Predicate<CircuitMetrics> compare(Operand left, ExpressionToken operator, Operand right) {
        if (!(left instanceof Call call)) {
            throw error(operator, "the left of " + operator.text() + " must be a function call such as "
                    + "NetworkErrorRatio()");
        }
        Measure measure = call.measure();
        String op = operator.text();
        if (measure.whole()) {
            if (!(right instanceof Whole whole)) {
                throw error(operator, measure.call() + " is a whole number, compared with a whole number such as 100");
            }
            long limit = whole.value();
            return metrics -> {
                long value = measure.wholeValue().applyAsLong(metrics);
                return switch (op) {
                    case "<" -> value < limit;
                    case "<=" -> value <= limit;
                    case ">" -> value > limit;
                    case ">=" -> value >= limit;
                    case "==" -> value == limit;
                    default -> value != limit;
                };
            };
        }
        if (!(right instanceof Decimal decimal)) {
            throw error(operator, measure.call() + " is a ratio, compared with a number with a decimal point such as "
                    + "0.5");
        }
        double limit = decimal.value();
        return metrics -> {
            double value = measure.ratioValue().applyAsDouble(metrics);
            return switch (op) {
                case "<" -> value < limit;
                case "<=" -> value < limit || value == limit;
                case ">" -> value > limit;
                case ">=" -> value > limit || value == limit;
                case "==" -> value == limit;
                default -> value != limit;
            };
        };
    }

    private Predicate<CircuitMetrics> condition(Operand operand, ExpressionToken operator) {
        if (!(operand instanceof Condition condition)) {
            throw error(operator, operator.text() + " joins comparisons such as NetworkErrorRatio() > 0.5");
        }
        return condition.test();
    }

    private Operand literal(ExpressionToken number) {
        if (number.kind() == Kind.WHOLE) {
            try {
                return new Whole(Long.parseLong(number.text()));
            } catch (NumberFormatException tooLarge) {
                throw error(number, number.text() + " is too large");
            }
        }
        double value = Double.parseDouble(number.text());
        if (Double.isInfinite(value)) {
            throw error(number, number.text() + " is too large");
        }
        return new Decimal(value);
    }

    private void requireArguments(ExpressionToken name, List<Operand> arguments, int count, String expected) {
        if (arguments.size() != count) {
            throw error(name, name.text() + " takes " + expected + ", not " + arguments.size());
        }
    }

    private void expect(String symbol) {
        if (!isSymbol(symbol)) {
            throw error(token, "expected " + symbol + ", found " + token.shown());
        }
        advance();
    }

    private boolean isSymbol(String symbol) {
        return token.kind() == Kind.SYMBOL && token.text().equals(symbol);
    }

    private static String unsupported(ExpressionToken symbol) {
        return "(" .equals(symbol.text()) || ")".equals(symbol.text()) || ",".equals(symbol.text())
                ? "" : "; " + symbol.text() + " is not an operator of circuit breaker expressions";
    }

    /** Reads the next token into {@link #token}. */
    private void advance() {
        token = lexer.next();
    }

    private static ExpressionException error(ExpressionToken at, String problem) {
        return error(at.column(), problem);
    }

    private static ExpressionException error(int column, String problem) {
        return new ExpressionException(column, problem);
    }
}
