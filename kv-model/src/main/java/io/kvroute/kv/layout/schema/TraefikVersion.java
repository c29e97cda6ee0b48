package io.kvroute.kv.layout.schema;

/** A Traefik release line ({@code major.minor}), used to say which version first knows a field. */
public record TraefikVersion(int major, int minor) implements Comparable<TraefikVersion> {
    public static final TraefikVersion V2_0 = new TraefikVersion(2, 0);
    public static final TraefikVersion V3_0 = new TraefikVersion(3, 0);

    public TraefikVersion {
        if (major < 1) {
            throw new IllegalArgumentException("major: " + major + " (expected: >= 1)");
        }
        if (minor < 0) {
            throw new IllegalArgumentException("minor: " + minor + " (expected: >= 0)");
        }
    }

    public static TraefikVersion of(int major, int minor) {
        return new TraefikVersion(major, minor);
    }

    @Override
    public int compareTo(TraefikVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor;
    }
}
