package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import java.util.List;

/** A router, service or middleware left out of a snapshot, and why, for the dashboard and the log. */
public record Exclusion(EntityRef entity, List<String> reasons) {
    public Exclusion {
        requireNonNull(entity, "entity");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("reasons: [] for " + entity + " (expected: at least one reason)");
        }
    }

    /** The reasons as one line: {@code router web: service api does not exist}. */
    public String toLine() {
        return entity + ": " + String.join("; ", reasons);
    }
}
