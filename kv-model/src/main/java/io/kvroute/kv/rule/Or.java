package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/** Either side must match: v3 {@code left || right}, and the values of a multi-value matcher such as {@code Host:a,b}. */
public record Or(RuleExpr left, RuleExpr right) implements RuleExpr {
    public Or {
        requireNonNull(left, "left");
        requireNonNull(right, "right");
    }
}
