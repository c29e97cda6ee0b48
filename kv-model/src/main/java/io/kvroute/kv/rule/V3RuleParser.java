package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.List;

/**
 * Recursive-descent parser for v3 (and v2) rules: the expressions of {@link V3Expressions}, whose calls are
 * <pre>
 * call  = Name "(" [ string { "," string } [ "," ] ] ")"
 * </pre>
 */
final class V3RuleParser extends V3Expressions<RuleExpr> {
    private V3RuleParser(SourceText source) {
        super(source);
    }

    static RuleExpr parse(String text) {
        return new V3RuleParser(new SourceText(text)).whole();
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
}
