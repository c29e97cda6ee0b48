package io.kvroute.kv.status;

import static java.util.Objects.requireNonNull;

/**
 * One thing an agent refused or cannot do while it carries on, as its status key carries it.
 *
 * @param where  what it concerns: a services file and line ({@code /etc/kvroute/services.yml:5}), {@code docker},
 *               or a store key
 * @param reason what is wrong and what was expected, one line
 */
public record AgentProblem(String where, String reason) {
    public AgentProblem {
        requireNonNull(where, "where");
        requireNonNull(reason, "reason");
    }
}
