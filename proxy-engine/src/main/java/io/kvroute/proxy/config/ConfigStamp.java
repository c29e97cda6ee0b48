package io.kvroute.proxy.config;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Where a configuration came from: the store revision it was read at, when, and how many keys it had. */
public record ConfigStamp(long revision, Instant readAt, int keys) {
    public ConfigStamp {
        requireNonNull(readAt, "readAt");
    }
}
