package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A proxy listening on 127.0.0.1:{@code port} in front of its own recording origin: runs a case through it and
 * collects what the client saw and what reached the origin.
 */
record ProxyUnderTest(String name, int port, RecordingOrigin origin) {
    /** How long the origin's connections of a case may stay open after the client is done before they count as held. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /**
     * How long the origin is watched after a client that closed (or half-closed) its side: a proxy may still be opening
     * its origin connection then, and bytes that arrive late must count for this case, not the next one.
     */
    static final Duration AFTER_CLIENT_CLOSE = Duration.ofSeconds(1);

    ProxyUnderTest {
        requireNonNull(name, "name");
        requireNonNull(origin, "origin");
    }

    Outcome run(ConformanceCase testCase) {
        origin.nextCase(testCase.answer());
        ClientResult client = RawClient.exchange(port, testCase);
        Duration watchedAtLeast = testCase.ending() == ConformanceCase.Ending.KEEP_OPEN ? Duration.ZERO
                : AFTER_CLIENT_CLOSE;
        return new Outcome(client, origin.settle(SETTLE, watchedAtLeast));
    }
}
