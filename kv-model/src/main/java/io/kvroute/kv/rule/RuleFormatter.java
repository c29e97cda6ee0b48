package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.util.stream.Collectors;

/**
 * Writes expression trees back as rule text. {@link #toV3} writes canonical v3 text with the fewest parentheses that
 * keep the tree, so {@code parseV3(toV3(e)).expr()} equals {@code e}; {@link #toV1} writes v1 text for trees v1 can
 * express, so {@code parseV1(toV1(e)).expr()} equals {@code e} for every tree {@code parseV1} produces.
 */
public final class RuleFormatter {
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int MATCH = 4;

    private RuleFormatter() {
    }

    /**
     * Canonical v3 text: {@code Host(`a`) && (Path(`/x`) || !Method(`GET`))}. Arguments are backtick-quoted, or
     * double-quoted with Go escapes when they contain a backtick or carriage return.
     *
     * @throws IllegalArgumentException if the tree uses a v1-only matcher such as {@code PathStrip}
     */
    public static String toV3(RuleExpr expr) {
        return v3(requireNonNull(expr, "expr"));
    }

    /**
     * v1 text: {@code Host:a.com,b.com;PathPrefixStrip:/api}.
     *
     * @throws IllegalArgumentException naming the reason when v1 cannot express the tree (negation, an OR across
     *     different matchers, a v3-only matcher, an argument holding {@code ,} or {@code ;}, ...)
     */
    public static String toV1(RuleExpr expr) {
        return V1Formatter.format(requireNonNull(expr, "expr"));
    }

    private static String v3(RuleExpr expr) {
        if (expr instanceof Or) {
            Or or = (Or) expr;
            return operand(or.left(), OR) + " || " + operand(or.right(), OR + 1);
        }
        if (expr instanceof And) {
            And and = (And) expr;
            return operand(and.left(), AND) + " && " + operand(and.right(), AND + 1);
        }
        if (expr instanceof Not) {
            return "!" + operand(((Not) expr).expr(), NOT);
        }
        Match match = (Match) expr;
        String name = match.matcher().v3Name().orElseThrow(() -> new IllegalArgumentException(
                "not expressible in v3: " + match.matcher().canonicalName() + " is a v1-only matcher"));
        return match.args().stream().map(GoStringLiteral::quote).collect(Collectors.joining(", ", name + "(", ")"));
    }

    /** {@code expr} as an operand that must bind at least as tightly as {@code minimum}. */
    private static String operand(RuleExpr expr, int minimum) {
        String text = v3(expr);
        return precedence(expr) < minimum ? "(" + text + ")" : text;
    }

    private static int precedence(RuleExpr expr) {
        if (expr instanceof Or) {
            return OR;
        }
        if (expr instanceof And) {
            return AND;
        }
        return expr instanceof Not ? NOT : MATCH;
    }
}
