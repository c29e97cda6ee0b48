package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The expression skeleton that HTTP v3 rules ({@link V3RuleParser}) and TCP rules ({@link TcpRuleParser}) share, as
 * Traefik reads both with one grammar; loosest binding first:
 * <pre>
 * or    = and { "||" and }
 * and   = unary { "&&" unary }
 * unary = "!" unary | "(" or ")" | call
 * </pre>
 * A subclass reads the calls and builds its own expressions; nesting deeper than {@value #MAX_DEPTH} is refused.
 *
 * @param <E> the expression a subclass builds
 */
abstract class V3Expressions<E> {
    static final int MAX_DEPTH = 200;

    final SourceText source;
    private final V3Tokenizer tokenizer;
    V3Token current;
    private int depth;

    V3Expressions(SourceText source) {
        this.source = source;
        this.tokenizer = new V3Tokenizer(source);
        this.current = tokenizer.next();
    }

    /** A matcher call, {@link #current} being its name. */
    abstract E call();

    abstract E either(E left, E right);

    abstract E both(E left, E right);

    abstract E negated(E operand);

    /** The whole text as one expression. */
    final E whole() {
        if (current.is(Kind.END)) {
            throw source.error(0, "", "empty rule");
        }
        E expression = or("");
        if (!current.is(Kind.END)) {
            throw unexpected("expected '&&', '||' or end of rule");
        }
        return expression;
    }

    /** Parses an OR chain; {@code context} ends "expected a matcher" messages, such as {@code " after '('"}. */
    private E or(String context) {
        E left = and(context);
        while (current.is(Kind.OR)) {
            advance();
            left = either(left, and(" after '||'"));
        }
        return left;
    }

    private E and(String context) {
        E left = unary(context);
        while (current.is(Kind.AND)) {
            advance();
            left = both(left, unary(" after '&&'"));
        }
        return left;
    }

    private E unary(String context) {
        if (current.is(Kind.IDENT)) {
            return call();
        }
        if (!current.is(Kind.NOT) && !current.is(Kind.LPAREN)) {
            throw unexpected("expected a matcher, '!' or '('" + context);
        }
        V3Token opening = current;
        if (++depth > MAX_DEPTH) {
            throw source.error(opening.offset(), opening.text(), "rule nests deeper than " + MAX_DEPTH + " levels");
        }
        advance();
        E result;
        if (opening.is(Kind.NOT)) {
            result = negated(unary(" after '!'"));
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

    /**
     * The quoted arguments of a call up to its {@code )}, {@link #current} being the first token after its {@code (}:
     * <pre>
     * args = [ string { "," string } [ "," ] ] ")"
     * </pre>
     */
    final List<ParsedArg> arguments() {
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

    final void advance() {
        current = tokenizer.next();
    }

    final RuleSyntaxException unexpected(String expectation) {
        return source.error(current.offset(), current.text(),
                expectation + ", found " + SourceText.describe(current.text()));
    }
}
