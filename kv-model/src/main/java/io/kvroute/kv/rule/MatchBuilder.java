package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/** Builds checked {@link Match} nodes and left-associative AND/OR chains for both parsers. */
final class MatchBuilder {
    private MatchBuilder() {
    }

    /** One match of {@code matcher} over all {@code args}, each checked by {@link ArgumentCheck}. */
    static Match match(SourceText source, Matcher matcher, RuleSyntax syntax, List<ParsedArg> args) {
        List<String> values = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            ParsedArg arg = args.get(i);
            int index = i;
            ArgumentCheck.problem(matcher, syntax, index, arg.value()).ifPresent(why -> {
                throw source.error(arg.offset(), arg.token(), why);
            });
            values.add(ArgumentCheck.normalize(matcher, arg.value()));
        }
        return new Match(matcher, values);
    }

    /** {@code matcher(a) || matcher(b) || ...}, one single-argument match per alternative. */
    static RuleExpr alternatives(SourceText source, Matcher matcher, RuleSyntax syntax, List<ParsedArg> args) {
        List<RuleExpr> matches = new ArrayList<>(args.size());
        for (ParsedArg arg : args) {
            matches.add(match(source, matcher, syntax, List.of(arg)));
        }
        return anyOf(matches);
    }

    /** Left-associative AND of one or more expressions: {@code ((a && b) && c)}. */
    static RuleExpr allOf(List<RuleExpr> exprs) {
        return chain(exprs, And::new);
    }

    /** Left-associative OR of one or more expressions: {@code ((a || b) || c)}. */
    static RuleExpr anyOf(List<RuleExpr> exprs) {
        return chain(exprs, Or::new);
    }

    private static RuleExpr chain(List<RuleExpr> exprs, BinaryOperator<RuleExpr> combine) {
        RuleExpr result = exprs.get(0);
        for (RuleExpr next : exprs.subList(1, exprs.size())) {
            result = combine.apply(result, next);
        }
        return result;
    }
}
