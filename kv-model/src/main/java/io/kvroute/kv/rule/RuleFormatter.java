package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
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
        return format(requireNonNull(expr, "expr"), RuleFormatter::v3Call);
    }

    /**
     * v3 text for a tree parsed from a Traefik v1 rule that matches the same requests as Traefik 1.7 did: mux
     * templates become anchored regular expressions, {@code Query:k=} {@code QueryRegexp(`k`, `.*`)}, an empty header
     * value {@code HeaderRegexp(`name`, `.*`)} (see {@link V1Conversion}); lists are ORs of single calls.
     *
     * @throws IllegalArgumentException if the tree uses a v1-only matcher such as {@code PathStrip}, or the v3 text
     *     does not read back as the converted tree (v3 refuses it, e.g. a non-ASCII {@code Host})
     */
    public static String v1ToV3(RuleExpr v1Expr) {
        RuleExpr converted = V1Conversion.toV3(requireNonNull(v1Expr, "v1Expr"));
        return readsBack(toV3(converted), RuleSyntax.V3, converted);
    }

    /**
     * Traefik v2 text for a tree parsed from a Traefik v1 rule, with the same meaning (Traefik v2 matches with
     * gorilla/mux as 1.7 did, so templates stay): v2 names ({@code Headers}), {@code Query(`k=v`)}, an empty header
     * value {@code HeadersRegexp(`name`, `.*`)} (v2 refuses empty arguments); lists are ORs of single calls.
     *
     * @throws IllegalArgumentException if the tree uses a matcher v2 does not have, or Traefik v2 syntax refuses the
     *     text (e.g. a query value with an unbalanced brace, which v2 reads as a template)
     */
    public static String v1ToV2(RuleExpr v1Expr) {
        String text = format(requireNonNull(v1Expr, "v1Expr"), RuleFormatter::v2Call);
        parsed(text, RuleSyntax.V2);
        return text;
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

    /**
     * Traefik v2 text for a v3 tree where every matcher means the same in v2: {@code Host}, {@code Method},
     * {@code ClientIP}, {@code Header} ({@code Headers}), {@code HeaderRegexp} ({@code HeadersRegexp}),
     * {@code Path}/{@code PathPrefix} without {@code {} (v2 reads braces as templates) and two-argument
     * {@code Query} without {@code {} ({@code Query(`k=v`)}).
     *
     * @throws IllegalArgumentException naming the matcher otherwise: {@code HostRegexp} (a v2 template),
     *     {@code PathRegexp} and {@code QueryRegexp} (not in v2), {@code Query(`k`)} (v2's {@code k=} takes any
     *     value), a brace in a path or query (a v2 template), {@code =} in a query key (v2 splits at the first one);
     *     or when the v2 text does not read back as the same tree
     */
    public static String v3ToV2(RuleExpr v3Expr) {
        return readsBack(format(requireNonNull(v3Expr, "v3Expr"), RuleFormatter::sameMeaningV2Call), RuleSyntax.V2,
                v3Expr);
    }

    /** {@code text}, after checking that it parses in {@code syntax} as {@code expected}. */
    private static String readsBack(String text, RuleSyntax syntax, RuleExpr expected) {
        if (!parsed(text, syntax).equals(expected)) {
            throw new IllegalArgumentException("not expressible in Traefik " + syntax.name().toLowerCase(Locale.ROOT)
                    + " syntax with the same meaning: " + text + " reads back as another rule");
        }
        return text;
    }

    private static RuleExpr parsed(String text, RuleSyntax syntax) {
        try {
            return RuleParser.parse(text, syntax).expr();
        } catch (RuleSyntaxException e) {
            throw new IllegalArgumentException("Traefik " + syntax.name().toLowerCase(Locale.ROOT) + " syntax refuses "
                    + text + ": " + e.getMessage(), e);
        }
    }

    private static String format(RuleExpr expr, Function<Match, String> calls) {
        if (expr instanceof Or) {
            Or or = (Or) expr;
            return operand(or.left(), OR, calls) + " || " + operand(or.right(), OR + 1, calls);
        }
        if (expr instanceof And) {
            And and = (And) expr;
            return operand(and.left(), AND, calls) + " && " + operand(and.right(), AND + 1, calls);
        }
        if (expr instanceof Not) {
            return "!" + operand(((Not) expr).expr(), NOT, calls);
        }
        return calls.apply((Match) expr);
    }

    private static String v3Call(Match match) {
        String name = match.matcher().v3Name().orElseThrow(() -> new IllegalArgumentException(
                "not expressible in v3: " + match.matcher().canonicalName() + " is a v1-only matcher"));
        return call(name, match.args());
    }

    private static String v2Call(Match match) {
        String name = match.matcher().v2Name().orElseThrow(() -> new IllegalArgumentException(
                "not expressible in Traefik v2 syntax: " + match.matcher().canonicalName() + " has no v2 matcher"));
        List<String> args = match.args();
        return switch (match.matcher()) {
            case QUERY -> call(name, List.of(args.get(0) + "=" + (args.size() == 2 ? args.get(1) : "")));
            case HEADER, HEADER_REGEXP -> args.get(1).isEmpty()
                    ? call(Matcher.HEADER_REGEXP.v2Name().orElseThrow(), List.of(args.get(0), ".*"))
                    : call(name, args);
            default -> call(name, args);
        };
    }

    private static String sameMeaningV2Call(Match match) {
        List<String> args = match.args();
        boolean sameMeaning = switch (match.matcher()) {
            case HOST, METHOD, CLIENT_IP, HEADER, HEADER_REGEXP -> true;
            case PATH, PATH_PREFIX -> noBrace(args.get(0));
            case QUERY -> args.size() == 2 && noBrace(args.get(0)) && args.get(0).indexOf('=') < 0
                    && noBrace(args.get(1));
            default -> false;
        };
        if (!sameMeaning) {
            throw new IllegalArgumentException("not expressible in Traefik v2 syntax with the same meaning: "
                    + call(match.matcher().canonicalName(), args));
        }
        return v2Call(match);
    }

    private static boolean noBrace(String text) {
        return text.indexOf('{') < 0 && text.indexOf('}') < 0;
    }

    private static String call(String name, List<String> args) {
        return args.stream().map(GoStringLiteral::quote).collect(Collectors.joining(", ", name + "(", ")"));
    }

    /** {@code expr} as an operand that must bind at least as tightly as {@code minimum}. */
    private static String operand(RuleExpr expr, int minimum, Function<Match, String> calls) {
        String text = format(expr, calls);
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
