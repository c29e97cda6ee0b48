package io.kvroute.kv.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Byte-wise (UTF-8) key order, the order etcd, Consul and Traefik's decoder sort keys in. */
public final class KeyOrder {
    public static final Comparator<String> BYTEWISE = KeyOrder::compare;

    private KeyOrder() {
    }

    /**
     * Compares as the UTF-8 bytes of {@code a} and {@code b} compare, unsigned. Without encoding: below the surrogates,
     * UTF-8 byte order is the order of the chars; only where a surrogate decides (or ends the shorter key) are the
     * bytes compared.
     */
    public static int compare(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Character.isSurrogate(x) || Character.isSurrogate(y) ? compareBytes(a, b) : x - y;
            }
        }
        if (common > 0 && Character.isHighSurrogate(a.charAt(common - 1)) && a.length() != b.length()) {
            return compareBytes(a, b);
        }
        return a.length() - b.length();
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
