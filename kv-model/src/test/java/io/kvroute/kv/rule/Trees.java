package io.kvroute.kv.rule;

/** Short constructors for expected trees in tests. */
final class Trees {
    private Trees() {
    }

    static Match m(Matcher matcher, String... args) {
        return Match.of(matcher, args);
    }

    static And and(RuleExpr left, RuleExpr right) {
        return new And(left, right);
    }

    static Or or(RuleExpr left, RuleExpr right) {
        return new Or(left, right);
    }

    static Not not(RuleExpr expr) {
        return new Not(expr);
    }
}
