package io.kvroute.proxy.balancer;

import java.nio.charset.StandardCharsets;

/**
 * The value a sticky cookie carries for a server (its URL) or a weighted child (its service name): the 64-bit FNV-1
 * hash of the UTF-8 bytes in lower-case hex, so the cookie does not reveal backend addresses and every proxy
 * instance computes the same value.
 */
public final class PinHash {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private PinHash() {
    }

    public static String of(String text) {
        long hash = OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash *= PRIME;
            hash ^= b & 0xff;
        }
        return Long.toHexString(hash);
    }
}
