package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.DesiredState;
import io.kvroute.kv.model.Problem;
import java.util.List;

/**
 * The output of {@link DesiredStateBuilder}: the desired keys and the problems met on the way (conflicting
 * declarations, rules the target layout cannot express, fields the target Traefik version does not know). Every
 * problem names the key or entity concerned; errors mean something was left out.
 */
public record DesiredStateBuild(DesiredState state, List<Problem> problems) {
    public DesiredStateBuild {
        requireNonNull(state, "state");
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }
}
