package io.kvroute.proxy.routing;

import io.kvroute.kv.rule.And;
import io.kvroute.kv.rule.Match;
import io.kvroute.kv.rule.Matcher;
import io.kvroute.kv.rule.Or;
import io.kvroute.kv.rule.RuleExpr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects the rewrites of a parsed v1 rule as Traefik v1.7 {@code rules.go} records them: every {@code ;}-part
 * sets its slot (a later part of the same kind replaces an earlier one); strip prefixes and templates are sorted
 * longest first.
 */
final class V1Rewrites {
    private Optional<PathRewrite> stripRegex = Optional.empty();
    private Optional<PathRewrite> strip = Optional.empty();
    private Optional<PathRewrite> addPrefix = Optional.empty();
    private Optional<PathRewrite> replaceRegex = Optional.empty();
    private Optional<PathRewrite> replace = Optional.empty();

    private V1Rewrites() {
    }

    static PathRewrites collect(RuleExpr expr) {
        V1Rewrites rewrites = new V1Rewrites();
        List<RuleExpr> parts = new ArrayList<>();
        flattenAnd(expr, parts);
        for (RuleExpr part : parts) {
            List<Match> alternatives = new ArrayList<>();
            flattenOr(part, alternatives);
            rewrites.record(alternatives);
        }
        List<PathRewrite> steps = new ArrayList<>();
        for (Optional<PathRewrite> step : List.of(rewrites.stripRegex, rewrites.strip, rewrites.addPrefix,
                rewrites.replaceRegex, rewrites.replace)) {
            step.ifPresent(steps::add);
        }
        return new PathRewrites(steps);
    }

    private void record(List<Match> alternatives) {
        if (alternatives.isEmpty()) {
            return;
        }
        Match first = alternatives.get(0);
        Matcher matcher = first.matcher();
        switch (matcher) {
            case PATH_STRIP:
            case PATH_PREFIX_STRIP:
                strip = Optional.of(new PathRewrite.StripPrefix(longestFirst(alternatives)));
                break;
            case PATH_STRIP_REGEX:
            case PATH_PREFIX_STRIP_REGEX:
                stripRegex = Optional.of(new PathRewrite.StripPrefixRegex(longestFirst(alternatives)));
                break;
            case ADD_PREFIX:
                addPrefix = Optional.of(new PathRewrite.AddPrefix(first.args().get(0)));
                break;
            case REPLACE_PATH:
                replace = Optional.of(new PathRewrite.ReplacePath(first.args().get(0)));
                break;
            case REPLACE_PATH_REGEX:
                replaceRegex = Optional.of(new PathRewrite.ReplacePathRegex(first.args().get(0), first.args().get(1)));
                break;
            default:
                break;
        }
    }

    private static List<String> longestFirst(List<Match> alternatives) {
        return alternatives.stream()
                .map(match -> match.args().get(0))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    private static void flattenAnd(RuleExpr expr, List<RuleExpr> parts) {
        if (expr instanceof And and) {
            flattenAnd(and.left(), parts);
            flattenAnd(and.right(), parts);
        } else {
            parts.add(expr);
        }
    }

    private static void flattenOr(RuleExpr expr, List<Match> matches) {
        if (expr instanceof Or or) {
            flattenOr(or.left(), matches);
            flattenOr(or.right(), matches);
        } else if (expr instanceof Match match) {
            matches.add(match);
        }
    }
}
