package io.kvroute.kv.layout;

/**
 * A Traefik key layout: {@link #V1} is Traefik 1.7's {@code backends/frontends} tree, {@link #V2} and {@link #V3}
 * are the dynamic-configuration tree ({@code http/routers/...}) as read by Traefik v2.x and v3.x. V2 and V3 share
 * keys; V3 knows more fields (for example {@code servers/<id>/weight}).
 */
public enum Layout {
    V1,
    V2,
    V3
}
