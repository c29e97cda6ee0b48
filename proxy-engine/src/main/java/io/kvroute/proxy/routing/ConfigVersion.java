package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Which store state a snapshot was built from: the store revision (etcd revision, Consul index) and when it was
 * read.
 */
public record ConfigVersion(long revision, Instant readAt) {
    /** The version of the empty snapshot, before anything was read. */
    public static final ConfigVersion NONE = new ConfigVersion(0, Instant.EPOCH);

    public ConfigVersion {
        requireNonNull(readAt, "readAt");
        if (revision < 0) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 0)");
        }
    }
}
