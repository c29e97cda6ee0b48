package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Trees.m;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generators of valid trees: any v3 tree, and trees shaped as {@code parseV1} builds them. */
final class RandomTrees {
    private static final String[] FREE_TEXT = {"a", "prod", "x y", "a`b", "q\"uo\\te", "tab\there", "line\nbreak",
        "cr\rlf", "caf\u00e9", "\uD83D\uDE00", "ctl\u0001", "(&&||!)", "", "'single'"};
    private static final String[] HOSTS = {"a.com", "kv1.localhost", "*.example.org", "API.Example.com"};
    private static final String[] PATHS = {"/", "/api", "/a b", "/`tick`", "/caf\u00e9"};
    private static final String[] REGEXES = {"^/a$", "[a-z]+", "(x|y)\\d*", "`", "\\."};
    private static final String[] IPS = {"10.0.0.0/8", "::1", "192.168.1.7", "2001:db8::/32"};
    private static final String[] METHODS = {"GET", "POST", "PURGE"};
    private static final String[] V1_VALUES = {"a", "prod", "x y", "caf\u00e9", "a:b", "(x)", ""};

    private final Random random;

    RandomTrees(long seed) {
        this.random = new Random(seed);
    }

    RuleExpr v3Tree(int depth) {
        int choice = depth == 0 ? 3 : random.nextInt(4);
        switch (choice) {
            case 0:
                return new And(v3Tree(depth - 1), v3Tree(depth - 1));
            case 1:
                return new Or(v3Tree(depth - 1), v3Tree(depth - 1));
            case 2:
                return new Not(v3Tree(depth - 1));
            default:
                return v3Match();
        }
    }

    private Match v3Match() {
        switch (random.nextInt(11)) {
            case 0:
                return m(Matcher.HOST, pick(HOSTS));
            case 1:
                return m(Matcher.HOST_REGEXP, pick(REGEXES));
            case 2:
                return m(Matcher.PATH, pick(PATHS));
            case 3:
                return m(Matcher.PATH_PREFIX, pick(PATHS));
            case 4:
                return m(Matcher.PATH_REGEXP, pick(REGEXES));
            case 5:
                return m(Matcher.METHOD, pick(METHODS));
            case 6:
                return m(Matcher.HEADER, nonEmpty(), nonEmpty());
            case 7:
                return m(Matcher.HEADER_REGEXP, nonEmpty(), pick(REGEXES));
            case 8:
                return random.nextBoolean() ? m(Matcher.QUERY, nonEmpty()) : m(Matcher.QUERY, nonEmpty(), nonEmpty());
            case 9:
                return m(Matcher.QUERY_REGEXP, nonEmpty(), pick(REGEXES));
            default:
                return m(Matcher.CLIENT_IP, pick(IPS));
        }
    }

    /** A left-leaning AND of v1 parts, each a single match, an OR of one matcher's values, or a term list. */
    RuleExpr v1Tree(int parts) {
        List<RuleExpr> exprs = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            exprs.add(v1Part());
        }
        return MatchBuilder.allOf(exprs);
    }

    private RuleExpr v1Part() {
        int count = 1 + random.nextInt(3);
        List<RuleExpr> matches = new ArrayList<>();
        switch (random.nextInt(7)) {
            case 0:
                for (int i = 0; i < count; i++) {
                    matches.add(m(Matcher.HOST, pick(HOSTS)));
                }
                return MatchBuilder.anyOf(matches);
            case 1:
                for (int i = 0; i < count; i++) {
                    matches.add(m(Matcher.PATH_PREFIX_STRIP, "/p" + i));
                }
                return MatchBuilder.anyOf(matches);
            case 2:
                for (int i = 0; i < count; i++) {
                    matches.add(m(Matcher.HEADER, "H" + i, pick(V1_VALUES)));
                }
                return MatchBuilder.allOf(matches);
            case 3:
                for (int i = 0; i < count; i++) {
                    matches.add(random.nextBoolean() ? m(Matcher.QUERY, "k" + i) : m(Matcher.QUERY, "k" + i, "v"));
                }
                return MatchBuilder.allOf(matches);
            case 4:
                return m(Matcher.METHOD, pick(METHODS));
            case 5:
                return m(Matcher.REPLACE_PATH_REGEX, "^/a/(.*)", "/b/$1");
            default:
                return m(Matcher.HOST_REGEXP, "{sub:[a-z]+}.example.com");
        }
    }

    private String nonEmpty() {
        String text = pick(FREE_TEXT);
        return text.isEmpty() ? "k" : text;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
