package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/** The inner expression must not match: v3 {@code !expr}. Kept as written, not pushed down by De Morgan. */
public record Not(RuleExpr expr) implements RuleExpr {
    public Not {
        requireNonNull(expr, "expr");
    }
}
