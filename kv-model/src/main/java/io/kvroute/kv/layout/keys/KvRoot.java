package io.kvroute.kv.layout.keys;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvPair;
import java.util.List;

/**
 * The root a layout's keys live under, from the configured {@code --prefix} ({@code traefik}, {@code /traefik},
 * {@code traefik/}): the one place that normalises a prefix and finds which spelling of the root holds v1 keys.
 * Traefik v2/v3 reads keys without a leading slash ({@code traefik/http/...}, its etcd client strips it); Traefik 1.x
 * on etcd v3 reads them with it ({@code /traefik/backends/...}), on Consul without.
 */
public final class KvRoot {
    private KvRoot() {
    }

    /**
     * The v2/v3 root key: the prefix without leading and trailing slashes ({@code traefik}).
     *
     * @throws IllegalArgumentException when nothing but slashes (or blanks) is left
     */
    public static String dynamicRoot(String prefix) {
        String root = trimTrailing(prefix);
        while (root.startsWith("/")) {
            root = root.substring(1);
        }
        if (root.isBlank()) {
            throw new IllegalArgumentException("--prefix: \"" + prefix + "\" (expected: a root key such as traefik)");
        }
        return root;
    }

    /** The v1 root as Traefik 1.x writes it on etcd v3: the v2/v3 root with a leading slash ({@code /traefik}). */
    public static String etcdV1Root(String prefix) {
        return "/" + dynamicRoot(prefix);
    }

    /** The prefix without trailing slashes. */
    public static String trimTrailing(String prefix) {
        requireNonNull(prefix, "prefix");
        String root = prefix;
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root;
    }

    /** The same root with a leading slash added or removed. */
    public static String otherSlashSpelling(String root) {
        return root.startsWith("/") ? root.substring(1) : "/" + root;
    }

    /**
     * Where the v1 keys of {@code prefix} are: the prefix as configured (without trailing slashes) when it holds v1
     * keys ({@link V1Keys#holds}), else its {@linkplain #otherSlashSpelling other spelling} when that does, else the
     * prefix as configured.
     */
    public static String v1Root(List<KvPair> pairs, String prefix) {
        String root = trimTrailing(prefix);
        if (holdsV1Keys(pairs, root)) {
            return root;
        }
        String other = otherSlashSpelling(root);
        return holdsV1Keys(pairs, other) ? other : root;
    }

    /** True when {@code pairs} hold v1 keys under {@code prefix}, with or without its leading slash. */
    public static boolean hasV1Keys(List<KvPair> pairs, String prefix) {
        String root = trimTrailing(prefix);
        return holdsV1Keys(pairs, root) || holdsV1Keys(pairs, otherSlashSpelling(root));
    }

    private static boolean holdsV1Keys(List<KvPair> pairs, String root) {
        V1Keys keys = new V1Keys(root);
        return pairs.stream().map(KvPair::key).anyMatch(keys::holds);
    }
}
