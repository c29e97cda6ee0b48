package io.kvroute.proxy.accesslog;

import java.util.Locale;

/** What Traefik's {@code --accesslog.fields.*} flags do with a field or header: keep it, drop it, or redact it. */
public enum FieldMode {
    KEEP,
    DROP,
    /** Headers only: the header is logged with the value {@code REDACTED}. */
    REDACT;

    /**
     * The mode {@code value} names ({@code keep}, {@code drop} or, where {@code redactable}, {@code redact}), for
     * flag {@code flag}.
     *
     * @throws IllegalArgumentException naming the flag and what it takes (Traefik ignores an unknown mode and keeps
     *     the default; kvroute refuses it, as a field meant to be hidden must not be logged)
     */
    public static FieldMode of(String flag, String value, boolean redactable) {
        String mode = value.toLowerCase(Locale.ROOT);
        if (mode.equals("keep")) {
            return KEEP;
        }
        if (mode.equals("drop")) {
            return DROP;
        }
        if (mode.equals("redact") && redactable) {
            return REDACT;
        }
        throw new IllegalArgumentException(flag + "=" + value + ": unknown mode (expected "
                + (redactable ? "keep, drop or redact" : "keep or drop; redact applies to headers") + ")");
    }
}
