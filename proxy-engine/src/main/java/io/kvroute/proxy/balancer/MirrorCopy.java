package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/**
 * A copy of one request that a mirroring service sends to one of its mirrors once the main response has ended
 * (Traefik's {@code mirroring}): the mirror service's balancer, whether the request body goes with it
 * ({@code mirrorBody}) and the largest body that may ({@code maxBodySize}; negative: any). A request whose body is
 * larger is not mirrored at all, as in Traefik.
 */
public record MirrorCopy(ServiceBalancer target, boolean withBody, long maxBodySize) {
    public MirrorCopy {
        requireNonNull(target, "target");
    }

    /** Whether a body of {@code size} bytes lets this copy go (always, when the body is not mirrored). */
    public boolean allowsBody(long size) {
        return !withBody || maxBodySize < 0 || size <= maxBodySize;
    }
}
