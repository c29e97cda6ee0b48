package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for v3 (and v2) rules. Grammar, loosest binding first:
 * <pre>
 * or    = and { "||" and }
 * and   = unary { "&&" unary }
 * unary = "!" unary | "(" or ")" | call
 * call  = Name "(" [ string { "," string } [ "," ] ] ")"
 * </pre>
 */
final class V3RuleParser {
    static final int MAX_DEPTH = 200;

    private final SourceText source;
    private final V3Tokenizer tokenizer;
    private V3Token current;
    private int depth;

    private V3RuleParser(SourceText source) {
        this.source = source;
        this.tokenizer = new V3Tokenizer(source);
        this.current = tokenizer.next();
    }

    static RuleExpr parse(String text) {
        SourceText source = new SourceText(text);
        V3RuleParser parser = new V3RuleParser(source);
        if (parser.current.is(Kind.END)) {
            throw source.error(0, "", "empty rule");
        }
        RuleExpr expr = parser.or("");
        if (!parser.current.is(Kind.END)) {
            throw parser.unexpected("expected '&&', '||' or end of rule");
        }
        return expr;
    }

    /** Parses an OR chain; {@code context} ends "expected a matcher" messages, such as {@code " after '('"}. */
    private RuleExpr or(String context) {
        RuleExpr left = and(context);
        while (current.is(Kind.OR)) {
            advance();
            left = new Or(left, and(" after '||'"));
        }
        return left;
    }

    private RuleExpr and(String context) {
        RuleExpr left = unary(context);
        while (current.is(Kind.AND)) {
            advance();
            left = new And(left, unary(" after '&&'"));
        }
        return left;
    }

    private RuleExpr unary(String context) {
        if (!current.is(Kind.IDENT) && !current.is(Kind.NOT) && !current.is(Kind.LPAREN)) {
            throw unexpected("expected a matcher, '!' or '('" + context);
        }
        if (current.is(Kind.IDENT)) {
            return call();
        }
        V3Token opening = current;
        if (++depth > MAX_DEPTH) {
            throw source.error(opening.offset(), opening.text(), "rule nests deeper than " + MAX_DEPTH + " levels");
        }
        advance();
        RuleExpr result;
        if (opening.is(Kind.NOT)) {
            result = new Not(unary(" after '!'"));
        } else {
            result = or(" after '('");
            if (!current.is(Kind.RPAREN)) {
                throw unexpected("expected ')' to close '(' at column " + source.column(opening.offset()));
            }
            advance();
        }
        depth--;
        return result;
    }

    private RuleExpr call() {
        V3Token name = current;
        Matcher matcher = Matcher.fromV3Name(name.text()).orElseThrow(() -> source.error(name.offset(), name.text(),
                "unknown matcher '" + name.text() + "' (expected one of " + String.join(", ", Matcher.v3Names()) + ")"));
        advance();
        if (!current.is(Kind.LPAREN)) {
            throw unexpected("expected '(' after matcher name '" + name.text() + "'");
        }
        advance();
        List<ParsedArg> args = arguments();
        checkArity(name, matcher, args.size());
        return matcher.listsAlternatives()
                ? MatchBuilder.alternatives(source, matcher, RuleSyntax.V3, args)
                : MatchBuilder.match(source, matcher, RuleSyntax.V3, args);
    }

    private List<ParsedArg> arguments() {
        List<ParsedArg> args = new ArrayList<>();
        while (!current.is(Kind.RPAREN)) {
            if (!current.is(Kind.STRING)) {
                throw unexpected(args.isEmpty() ? "expected a quoted argument (`...` or \"...\") or ')'"
                        : "expected a quoted argument (`...` or \"...\") after ','");
            }
            args.add(new ParsedArg(current.value(), current.offset(), current.text()));
            advance();
            if (current.is(Kind.COMMA)) {
                advance();
            } else if (!current.is(Kind.RPAREN)) {
                throw unexpected("expected ')' or ',' after argument");
            }
        }
        advance();
        return args;
    }

    private void checkArity(V3Token name, Matcher matcher, int count) {
        String canonical = matcher.v3Name().orElseThrow();
        if (matcher.listsAlternatives() && count == 0) {
            throw source.error(name.offset(), name.text(), canonical + " expects at least 1 argument, got 0");
        }
        if (!matcher.listsAlternatives() && !matcher.acceptsArgCount(count)) {
            String plural = matcher.maxArgs() == 1 ? " argument" : " arguments";
            throw source.error(name.offset(), name.text(),
                    canonical + " expects " + matcher.arityDescription() + plural + ", got " + count);
        }
    }

    private void advance() {
        current = tokenizer.next();
    }

    private RuleSyntaxException unexpected(String expectation) {
        return source.error(current.offset(), current.text(),
                expectation + ", found " + SourceText.describe(current.text()));
    }
}
