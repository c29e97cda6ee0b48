package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/** Both sides must match: v3 {@code left && right}, v1 {@code left;right}. */
public record And(RuleExpr left, RuleExpr right) implements RuleExpr {
    public And {
        requireNonNull(left, "left");
        requireNonNull(right, "right");
    }
}
