package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

/** What one server under test did with one case: what its client saw, and what reached the origin behind it. */
record Outcome(ClientResult client, OriginTraffic origin) {
    Outcome {
        requireNonNull(client, "client");
        requireNonNull(origin, "origin");
    }

    /** {@code 400 closed | nothing}: the client's view, then the origin's. */
    String summary() {
        return client.summary() + " | " + origin.summary();
    }
}
