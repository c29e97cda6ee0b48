package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

/**
 * A Docker engine API version such as {@code 1.41}. docker-java does not negotiate; kvroute asks the engine
 * unversioned and then talks {@link #negotiate the lower} of the engine's version and {@link #SUPPORTED_MAX}.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /** The newest API version docker-java 3.7.1 knows (its {@code RemoteApiVersion.VERSION_1_44}). */
    public static final ApiVersion SUPPORTED_MAX = new ApiVersion(1, 44);

    public ApiVersion {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("api version: " + major + "." + minor + " (expected: MAJOR.MINOR, major >= 1)");
        }
    }

    /** Parses {@code 1.41}. */
    public static ApiVersion parse(String text) {
        requireNonNull(text, "text");
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("api version: " + text + " (expected: MAJOR.MINOR such as 1.41)");
        }
        try {
            return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("api version: " + text + " (expected: MAJOR.MINOR such as 1.41)", e);
        }
    }

    /** The version to talk to an engine that reports {@code engine}: the lower of it and {@code supportedMax}. */
    public static ApiVersion negotiate(ApiVersion engine, ApiVersion supportedMax) {
        requireNonNull(engine, "engine");
        requireNonNull(supportedMax, "supportedMax");
        return engine.compareTo(supportedMax) <= 0 ? engine : supportedMax;
    }

    @Override
    public int compareTo(ApiVersion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
