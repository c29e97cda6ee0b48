package io.kvroute.kv.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Byte-wise (UTF-8) key order, the order etcd, Consul and Traefik's decoder sort keys in. */
public final class KeyOrder {
    public static final Comparator<String> BYTEWISE = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
