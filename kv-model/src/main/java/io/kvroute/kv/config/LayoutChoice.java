package io.kvroute.kv.config;

/** Which key layout to decode: {@link #AUTO} decodes whatever is present under the prefix. */
public enum LayoutChoice {
    AUTO,
    V1,
    V2,
    V3
}
