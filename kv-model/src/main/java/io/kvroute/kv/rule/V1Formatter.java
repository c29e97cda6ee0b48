package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes trees as v1 text. A v1 rule is an AND of parts; a part is one match, an OR of single values of one
 * alternative-list matcher ({@code Host:a,b}), or an AND of {@code Headers}, {@code HeadersRegexp} or {@code Query}
 * terms ({@code Headers:K,V,K2,V2}).
 */
final class V1Formatter {
    private static final Set<Matcher> TERM_LISTS = Set.of(Matcher.HEADER, Matcher.HEADER_REGEXP, Matcher.QUERY);

    private V1Formatter() {
    }

    static String format(RuleExpr expr) {
        List<String> parts = new ArrayList<>();
        collectParts(expr, parts);
        return String.join(";", parts);
    }

    private static void collectParts(RuleExpr expr, List<String> parts) {
        if (expr instanceof And && !isTermList(expr)) {
            collectParts(((And) expr).left(), parts);
            collectParts(((And) expr).right(), parts);
        } else {
            parts.add(part(expr));
        }
    }

    private static String part(RuleExpr expr) {
        List<Match> matches = new ArrayList<>();
        if (expr instanceof Or) {
            collectAlternatives(expr, matches);
        } else if (expr instanceof And) {
            collectTerms(expr, matches);
        } else if (expr instanceof Match) {
            matches.add((Match) expr);
        } else {
            throw notExpressible("negation ('!') has no v1 form");
        }
        Matcher matcher = matches.get(0).matcher();
        String name = matcher.v1Name().orElseThrow(
                () -> notExpressible(matcher.canonicalName() + " is not a v1 matcher"));
        List<String> args = new ArrayList<>();
        for (Match match : matches) {
            args.add(arguments(match));
        }
        return name + ":" + String.join(",", args);
    }

    private static void collectAlternatives(RuleExpr expr, List<Match> matches) {
        if (expr instanceof Or) {
            collectAlternatives(((Or) expr).left(), matches);
            collectAlternatives(((Or) expr).right(), matches);
            return;
        }
        if (expr instanceof Not) {
            throw notExpressible("negation ('!') has no v1 form");
        }
        if (expr instanceof And) {
            throw notExpressible("an OR may only list values of one matcher, found an AND inside it");
        }
        Match match = (Match) expr;
        if (!match.matcher().listsAlternatives()) {
            throw notExpressible(match.matcher().canonicalName() + " values cannot be ORed in v1");
        }
        if (!matches.isEmpty() && matches.get(0).matcher() != match.matcher()) {
            throw notExpressible("an OR may only list values of one matcher, found "
                    + matches.get(0).matcher().canonicalName() + " and " + match.matcher().canonicalName());
        }
        matches.add(match);
    }

    private static void collectTerms(RuleExpr expr, List<Match> matches) {
        if (expr instanceof And) {
            collectTerms(((And) expr).left(), matches);
            collectTerms(((And) expr).right(), matches);
        } else {
            matches.add((Match) expr);
        }
    }

    /** True for a left-leaning AND chain of matches of one term-list matcher, as one v1 part produces. */
    private static boolean isTermList(RuleExpr expr) {
        RuleExpr leftmost = expr;
        while (leftmost instanceof And) {
            leftmost = ((And) leftmost).left();
        }
        return leftmost instanceof Match && TERM_LISTS.contains(((Match) leftmost).matcher())
                && isTermListOf(expr, ((Match) leftmost).matcher());
    }

    private static boolean isTermListOf(RuleExpr expr, Matcher matcher) {
        if (expr instanceof Match) {
            return ((Match) expr).matcher() == matcher;
        }
        return expr instanceof And && ((And) expr).right() instanceof Match
                && isTermListOf(((And) expr).right(), matcher) && isTermListOf(((And) expr).left(), matcher);
    }

    private static String arguments(Match match) {
        List<String> args = new ArrayList<>();
        for (String arg : match.args()) {
            args.add(argument(match, arg));
        }
        switch (match.matcher()) {
            case QUERY:
                return query(match, args);
            case REPLACE_PATH_REGEX:
                if (args.get(0).indexOf(' ') >= 0) {
                    throw notExpressible("ReplacePathRegex regular expression '" + args.get(0) + "' contains a space");
                }
                return args.get(0) + " " + args.get(1);
            default:
                return String.join(",", args);
        }
    }

    private static String query(Match match, List<String> args) {
        String key = match.args().get(0);
        if (args.size() == 2 && match.args().get(1).isEmpty()) {
            throw notExpressible("Query(`" + key + "`, ``) has an empty value; v1 'Query:" + key
                    + "=' means Query(`" + key + "`)");
        }
        String value = args.size() == 2 ? args.get(1) : "";
        if ((key + value).indexOf('=') >= 0) {
            throw notExpressible("Query key or value '" + key + "=" + value + "' contains '='");
        }
        return key + "=" + value;
    }

    /** One argument as v1 text; an empty one is written as a single space, which v1 trims back to empty. */
    private static String argument(Match match, String arg) {
        String name = match.matcher().canonicalName();
        if (arg.indexOf(',') >= 0 || arg.indexOf(';') >= 0) {
            throw notExpressible(name + " argument '" + arg + "' contains ',' or ';'");
        }
        if (!arg.equals(arg.strip())) {
            throw notExpressible(name + " argument '" + arg + "' has leading or trailing spaces (v1 trims them)");
        }
        return arg.isEmpty() ? " " : arg;
    }

    private static IllegalArgumentException notExpressible(String reason) {
        return new IllegalArgumentException("not expressible in v1: " + reason);
    }
}
