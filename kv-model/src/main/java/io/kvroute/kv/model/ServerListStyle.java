package io.kvroute.kv.model;

/**
 * How {@link TraefikJsonMapper#toJson(HttpConfig, ServerListStyle)} writes {@code loadBalancer/servers}: as Traefik's
 * JSON array (ids are lost, as in Traefik), or as an object keyed by server id, which is the shape of the store keys
 * ({@code servers/<id>/url}) and keeps the ids. {@code fromJson} reads both.
 */
public enum ServerListStyle {
    /** {@code "servers": [{"url": ...}, ...]}, exactly Traefik's JSON. */
    ARRAY,
    /** {@code "servers": {"<id>": {"url": ...}, ...}}. */
    KEYED_BY_ID
}
