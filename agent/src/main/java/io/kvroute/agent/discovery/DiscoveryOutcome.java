package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of looking at one container: a {@link Declared declaration}, a {@link Skipped deliberate skip}
 * (not enabled, not healthy, not running) or a {@link Failed failure} whose messages name the container, the label
 * and what was expected. A failure concerns only that container.
 */
public sealed interface DiscoveryOutcome permits DiscoveryOutcome.Declared, DiscoveryOutcome.Skipped,
        DiscoveryOutcome.Failed {
    /** The container or file entry this outcome is about. */
    Origin origin();

    /** The container declares routes and servers. */
    record Declared(Declaration declaration) implements DiscoveryOutcome {
        public Declared {
            requireNonNull(declaration, "declaration");
        }

        @Override
        public Origin origin() {
            return declaration.origin();
        }
    }

    /** The container is deliberately not published; {@code reason} says why. */
    record Skipped(Origin origin, String reason) implements DiscoveryOutcome {
        public Skipped {
            requireNonNull(origin, "origin");
            requireNonNull(reason, "reason");
        }
    }

    /** The container's metadata is wrong; nothing of it is published. {@code warnings} are what was also noticed. */
    record Failed(Origin origin, List<String> errors, List<String> warnings) implements DiscoveryOutcome {
        public Failed {
            requireNonNull(origin, "origin");
            errors = List.copyOf(requireNonNull(errors, "errors"));
            warnings = List.copyOf(requireNonNull(warnings, "warnings"));
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("errors: none for " + origin + " (expected: at least one)");
            }
        }
    }
}
