package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * How a container serves one of its services: the declared container port (empty: let address selection pick the
 * only exposed one), the URL scheme and the weight.
 */
record ServerSpec(OptionalInt port, String scheme, long weight) {
    ServerSpec {
        requireNonNull(port, "port");
        requireNonNull(scheme, "scheme");
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
    }
}
