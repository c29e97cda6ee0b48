package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.DesiredState;
import io.kvroute.kv.model.Problem;
import java.util.List;

/**
 * What {@link DeclarationEncoder} made of the declarations: the desired state and the problems met on the way
 * (conflicting declarations, rules the target layout cannot express, fields the target Traefik version does not
 * know). Every problem names the key or entity concerned; errors mean something was left out.
 */
public record EncodedDeclarations(DesiredState state, List<Problem> problems) {
    public EncodedDeclarations {
        requireNonNull(state, "state");
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }
}
