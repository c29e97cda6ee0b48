package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

/**
 * A shared key whose value in the store differs from what this agent wants, while the store's value is not one this
 * agent wrote: another agent serving the same service declares it differently. It is reported, never overwritten.
 *
 * @param key    the shared key
 * @param ours   the value this agent desires
 * @param theirs the value the store holds
 */
public record SharedKeyConflict(String key, String ours, String theirs) {
    public SharedKeyConflict {
        requireNonNull(key, "key");
        requireNonNull(ours, "ours");
        requireNonNull(theirs, "theirs");
    }

    @Override
    public String toString() {
        return key + ": ours \"" + ours + "\", store has \"" + theirs + "\"";
    }
}
