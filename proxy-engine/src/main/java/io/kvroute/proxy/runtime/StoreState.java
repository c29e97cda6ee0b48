package io.kvroute.proxy.runtime;

import java.time.Instant;

/** Whether the store answers, and since when; the snapshot is stale while it does not. */
public record StoreState(boolean connected, Instant since, String detail) {
    static final StoreState CONNECTING = new StoreState(false, Instant.now(), "connecting");
}
