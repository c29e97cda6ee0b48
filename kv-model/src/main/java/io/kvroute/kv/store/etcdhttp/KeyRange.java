package io.kvroute.kv.store.etcdhttp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

/**
 * The keys one watch stream covers, byte-wise (etcd's {@code key} and {@code range_end}): from the first of some
 * prefixes to the end of the range of the one that ends last, so that every key under each prefix lies in it. The
 * empty prefix covers every key.
 */
final class KeyRange {
    private static final byte[] NUL = {0};
    private final byte[] start;
    /** Exclusive end; empty when the range runs to the last key. */
    private final byte[] end;

    private KeyRange(byte[] start, byte[] end) {
        this.start = start;
        this.end = end;
    }

    /** The tightest range holding every key that starts with one of {@code prefixes} (not empty). */
    static KeyRange of(Collection<String> prefixes) {
        byte[] start = null;
        byte[] end = null;
        for (String prefix : prefixes) {
            byte[] own = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] ownEnd = prefixEnd(own);
            if (start == null || Arrays.compareUnsigned(own, start) < 0) {
                start = own;
            }
            if (end == null || end.length > 0 && (ownEnd.length == 0 || Arrays.compareUnsigned(ownEnd, end) > 0)) {
                end = ownEnd;
            }
        }
        if (start == null) {
            throw new IllegalArgumentException("a key range needs at least one prefix");
        }
        return new KeyRange(start, end);
    }

    /**
     * The first key after every key starting with {@code prefix}: the prefix with its last byte below 0xff incremented
     * and the bytes after it dropped; empty when there is none (the range runs to the last key).
     */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[0];
    }

    /** True when every key of {@code other} is in this range. */
    boolean covers(KeyRange other) {
        boolean startsBefore = Arrays.compareUnsigned(start, other.start) <= 0;
        boolean endsAfter = end.length == 0 || other.end.length > 0 && Arrays.compareUnsigned(other.end, end) <= 0;
        return startsBefore && endsAfter;
    }

    /** The gateway's {@code key}: the start in base64, {@code "\0"} for the empty start (etcd has no empty key). */
    String key() {
        return Base64.getEncoder().encodeToString(start.length == 0 ? NUL : start);
    }

    /** The gateway's {@code range_end}: the end in base64, {@code "\0"} (every key from the start on) for none. */
    String rangeEnd() {
        return Base64.getEncoder().encodeToString(end.length == 0 ? NUL : end);
    }

    @Override
    public String toString() {
        return "[\"" + new String(start, StandardCharsets.UTF_8) + "\", "
                + (end.length == 0 ? "the last key]" : "\"" + new String(end, StandardCharsets.UTF_8) + "\")");
    }
}
