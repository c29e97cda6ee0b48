package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for v3 and v2 rules: the expressions of {@link V3Expressions}, whose calls are
 * <pre>
 * call  = Name "(" [ string { "," string } [ "," ] ] ")"
 * </pre>
 * In {@link RuleSyntax#V3} the names are Traefik v3's {@code httpFuncs} (in its four case forms) and every call takes
 * exactly the matcher's argument counts ({@code Host} one, {@code Header} two, {@code Query} one or two).
 * In {@link RuleSyntax#V2} the names are Traefik's {@code httpFuncsV2}, every argument must be non-empty (its
 * {@code CheckRule}), list matchers become an OR, {@code Headers}/{@code HeadersRegexp} take name/value pairs and
 * {@code Query} {@code key=value} arguments, each an AND of its pairs (gorilla/mux {@code Headers}, {@code Queries}).
 */
final class V3RuleParser extends V3Expressions<RuleExpr> {
    private final RuleSyntax syntax;

    private V3RuleParser(SourceText source, RuleSyntax syntax) {
        super(source);
        this.syntax = syntax;
    }

    static RuleExpr parse(String text, RuleSyntax syntax) {
        return new V3RuleParser(new SourceText(text), syntax).whole();
    }

    @Override
    RuleExpr either(RuleExpr left, RuleExpr right) {
        return new Or(left, right);
    }

    @Override
    RuleExpr both(RuleExpr left, RuleExpr right) {
        return new And(left, right);
    }

    @Override
    RuleExpr negated(RuleExpr operand) {
        return new Not(operand);
    }

    @Override
    RuleExpr call() {
        V3Token name = current;
        if (syntax == RuleSyntax.V2) {
            return v2Call(name);
        }
        Matcher matcher = Matcher.fromV3Name(name.text()).orElseThrow(() -> source.error(name.offset(), name.text(),
                "unknown matcher '" + name.text() + "' (" + v2NameHint(name.text()) + "expected one of "
                        + String.join(", ", Matcher.v3Names()) + ")"));
        advance();
        if (!current.is(Kind.LPAREN)) {
            throw unexpected("expected '(' after matcher name '" + name.text() + "'");
        }
        advance();
        List<ParsedArg> args = arguments();
        checkArity(name, matcher, args.size());
        return MatchBuilder.match(source, matcher, RuleSyntax.V3, args);
    }

    private RuleExpr v2Call(V3Token name) {
        Matcher matcher = Matcher.fromV2Name(name.text()).orElseThrow(() -> source.error(name.offset(), name.text(),
                "unknown v2 matcher '" + name.text() + "' (expected one of " + String.join(", ", Matcher.v2Names())
                        + ")"));
        advance();
        if (!current.is(Kind.LPAREN)) {
            throw unexpected("expected '(' after matcher name '" + name.text() + "'");
        }
        advance();
        List<ParsedArg> args = arguments();
        String canonical = matcher.v2Name().orElseThrow();
        if (args.isEmpty()) {
            throw source.error(name.offset(), name.text(), canonical + " expects at least 1 argument, got 0");
        }
        for (ParsedArg arg : args) {
            if (arg.value().isEmpty()) {
                throw source.error(arg.offset(), arg.token(), canonical + " argument must not be empty");
            }
        }
        return switch (matcher) {
            case HEADER, HEADER_REGEXP -> pairs(name, matcher, args);
            case QUERY -> pairs(name, matcher, keysAndValues(args));
            default -> MatchBuilder.alternatives(source, matcher, RuleSyntax.V2, args);
        };
    }

    /** gorilla/mux {@code Queries}: each {@code key=value} argument split at its first {@code =}. */
    private static List<ParsedArg> keysAndValues(List<ParsedArg> args) {
        List<ParsedArg> split = new ArrayList<>();
        for (ParsedArg arg : args) {
            int equals = arg.value().indexOf('=');
            if (equals < 0) {
                split.add(arg);
            } else {
                split.add(new ParsedArg(arg.value().substring(0, equals), arg.offset(), arg.token()));
                split.add(new ParsedArg(arg.value().substring(equals + 1), arg.offset(), arg.token()));
            }
        }
        return split;
    }

    private RuleExpr pairs(V3Token name, Matcher matcher, List<ParsedArg> args) {
        if (args.size() % 2 != 0) {
            String what = matcher == Matcher.QUERY ? "key=value arguments" : "name and value pairs";
            throw source.error(name.offset(), name.text(), matcher.v2Name().orElseThrow() + " expects " + what
                    + ", got an odd number of values (" + args.size() + ")");
        }
        List<RuleExpr> matches = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            matches.add(MatchBuilder.match(source, matcher, RuleSyntax.V2, args.subList(i, i + 2)));
        }
        return MatchBuilder.allOf(matches);
    }

    /**
     * For a v2-only name such as {@code Headers}: which v3 matcher it is, else nothing. Where a router may say
     * {@code ruleSyntax=v2} (or its store is a Traefik v2 one), the caller says so; a services file cannot.
     */
    private static String v2NameHint(String name) {
        return Matcher.fromV2Name(name)
                .map(matcher -> "a Traefik v2 name: v3 writes " + matcher.v3Name().orElseThrow() + "; ")
                .orElse("");
    }

    /**
     * Traefik v3's {@code expectNParameters}: every call takes exactly the matcher's counts, so {@code Host(`a`,`b`)}
     * is an error there (its router is disabled), not the OR the v2 syntax makes of it.
     */
    private void checkArity(V3Token name, Matcher matcher, int count) {
        if (!matcher.acceptsArgCount(count)) {
            String canonical = matcher.v3Name().orElseThrow();
            String plural = matcher.maxArgs() == 1 ? " argument" : " arguments";
            String hint = matcher.listsAlternatives() && count > 1
                    ? " (a Traefik v2 list: v3 takes one value per call, as in " + canonical + "(`a`) || "
                            + canonical + "(`b`))"
                    : "";
            throw source.error(name.offset(), name.text(),
                    canonical + " expects " + matcher.arityDescription() + plural + ", got " + count + hint);
        }
    }
}
