package io.kvroute.kv.model;

/** How bad a {@link Problem} is: an error takes its entity out of routing, a warning does not. */
public enum Severity {
    ERROR,
    WARNING;

    /** The lower-case spelling used in JSON output ("error", "warning"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
