package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.And;
import io.kvroute.kv.rule.Match;
import io.kvroute.kv.rule.Not;
import io.kvroute.kv.rule.Or;
import io.kvroute.kv.rule.Rule;
import io.kvroute.kv.rule.RuleExpr;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.function.Function;

/**
 * Compiles a parsed {@link Rule} into a {@link CompiledRule} with the semantics of its syntax ({@link V3Matchers},
 * {@link V2Matchers}, {@link V1Matchers}); v1 rules also yield their path rewrites ({@link V1Rewrites}).
 *
 * <pre>{@code
 * CompiledRule rule = RuleCompiler.compile(RuleParser.parseV3("Host(`a.com`) && PathPrefix(`/api`)"));
 * boolean hit = rule.matches(new ExchangeRequestView(exchange));
 * }</pre>
 */
public final class RuleCompiler {
    private RuleCompiler() {
    }

    /**
     * @throws IllegalArgumentException if an argument cannot be compiled (a regular expression Java does not
     *     accept, a malformed template or IP range); the message names the argument
     */
    public static CompiledRule compile(Rule rule) {
        requireNonNull(rule, "rule");
        if (rule.syntax() == RuleSyntax.V1) {
            return new CompiledRule(rule, tree(rule.expr(), V1Matchers::leaf), V1Rewrites.collect(rule.expr()));
        }
        Function<Match, RequestMatcher> leaves = rule.syntax() == RuleSyntax.V2 ? V2Matchers::leaf : V3Matchers::leaf;
        return new CompiledRule(rule, tree(rule.expr(), leaves), PathRewrites.NONE);
    }

    private static RequestMatcher tree(RuleExpr expr, Function<Match, RequestMatcher> leaves) {
        if (expr instanceof And and) {
            RequestMatcher left = tree(and.left(), leaves);
            RequestMatcher right = tree(and.right(), leaves);
            return request -> left.matches(request) && right.matches(request);
        }
        if (expr instanceof Or or) {
            RequestMatcher left = tree(or.left(), leaves);
            RequestMatcher right = tree(or.right(), leaves);
            return request -> left.matches(request) || right.matches(request);
        }
        if (expr instanceof Not not) {
            RequestMatcher inner = tree(not.expr(), leaves);
            return request -> !inner.matches(request);
        }
        return leaves.apply((Match) expr);
    }
}
