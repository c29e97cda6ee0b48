package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

/** Normalises configured key prefixes ({@code traefik}, {@code /traefik}, {@code traefik/}). */
final class KvRoot {
    private KvRoot() {
    }

    /** The prefix without trailing slashes. */
    static String trimTrailing(String prefix) {
        requireNonNull(prefix, "prefix");
        String root = prefix;
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root;
    }

    /**
     * A v2/v3 root key: without trailing slashes and without a leading slash (Traefik's etcd client strips it,
     * so keys live at {@code traefik/http/...}).
     */
    static String dynamicRoot(String prefix) {
        String root = trimTrailing(prefix);
        while (root.startsWith("/")) {
            root = root.substring(1);
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("prefix: \"" + prefix + "\" (expected a root key such as traefik)");
        }
        return root;
    }

    /** The same prefix with a leading slash added or removed. */
    static String otherSlashSpelling(String root) {
        return root.startsWith("/") ? root.substring(1) : "/" + root;
    }
}
