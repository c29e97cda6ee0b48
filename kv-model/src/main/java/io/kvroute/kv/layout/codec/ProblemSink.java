package io.kvroute.kv.layout.codec;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one decode or encode scope: the whole configuration (no entity) or one router, service
 * or middleware. Remembers whether an error was reported, which takes an isolated entity out of the result.
 */
public final class ProblemSink {
    private final EntityRef entity;
    private final List<Problem> problems = new ArrayList<>();
    private boolean failed;

    /** A sink for problems of {@code entity}; {@code null} for problems outside any entity. */
    public ProblemSink(EntityRef entity) {
        this.entity = entity;
    }

    public EntityRef entity() {
        return entity;
    }

    public void error(String key, String value, String reason) {
        problems.add(Problem.error(key, value, reason, entity));
        failed = true;
    }

    public void warning(String key, String value, String reason) {
        problems.add(Problem.warning(key, value, reason, entity));
    }

    /**
     * An error on a field Traefik applies and kvroute does not: the entity stays in the decode, as Traefik decodes it,
     * and the error takes it out of routing; outside any entity (a servers transport) there is nothing to take out of
     * routing, so the entry fails to decode instead.
     */
    public void unapplied(String key, String value, String reason) {
        problems.add(Problem.error(key, value, reason, entity));
        failed |= entity == null;
    }

    /** Adds the problems of a nested scope without taking over its failure. */
    public void absorb(ProblemSink nested) {
        problems.addAll(nested.problems);
    }

    public boolean failed() {
        return failed;
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }
}
