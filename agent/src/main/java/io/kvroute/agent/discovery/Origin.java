package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * Where a {@link Declaration} comes from: a container (by name) or an entry of the services file (by service name).
 * Origins order declarations deterministically (containers first, then by name), so "the first declaration wins"
 * does not depend on the order Docker lists containers in.
 */
public record Origin(Kind kind, String name) implements Comparable<Origin> {
    /** The kind of source. */
    public enum Kind { CONTAINER, SERVICES_FILE }

    private static final Comparator<Origin> ORDER = Comparator.comparing(Origin::kind).thenComparing(Origin::name);

    public Origin {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("origin name: \"\" (expected: a container or service name)");
        }
    }

    public static Origin container(String name) {
        return new Origin(Kind.CONTAINER, name);
    }

    public static Origin servicesFile(String serviceName) {
        return new Origin(Kind.SERVICES_FILE, serviceName);
    }

    @Override
    public int compareTo(Origin other) {
        return ORDER.compare(this, other);
    }

    /** {@code container web-1} or {@code services file entry web}, for messages. */
    @Override
    public String toString() {
        return (kind == Kind.CONTAINER ? "container " : "services file entry ") + name;
    }
}
