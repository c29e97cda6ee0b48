package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

/**
 * A write the store refused as invalid ({@code INVALID}): a server (all its keys) or one shared key. It is not
 * retried until what is desired there changes, while every other server and key is written as usual.
 *
 * @param target the server's key prefix, or the shared key
 * @param reason the store's message
 */
public record RejectedWrite(String target, String reason) {
    public RejectedWrite {
        requireNonNull(target, "target");
        requireNonNull(reason, "reason");
    }
}
