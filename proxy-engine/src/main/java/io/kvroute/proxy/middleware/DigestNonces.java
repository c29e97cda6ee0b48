package io.kvroute.proxy.middleware;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces one digest auth middleware has issued and the highest nonce count ({@code nc}) seen with each, as
 * Traefik's digest authenticator (abbot/go-http-auth) keeps them: a nonce is 12 random bytes in base64; it is valid
 * until purged, not for a time; a count must grow (the same count again is a replay, a smaller one is answered
 * {@code stale}). At most {@value #SIZE} + {@value #TOLERANCE} nonces are kept: beyond that, issuing one first drops
 * the {@code 2 * TOLERANCE} used longest ago.
 */
final class DigestNonces {
    static final int SIZE = 1000;
    static final int TOLERANCE = 100;

    /** What a verified request's nonce and count are worth. */
    enum Use {
        /** A nonce issued here with a count above the last one: the request is authenticated. */
        ACCEPTED,
        /** A nonce not issued here (or purged): refused. */
        UNKNOWN,
        /** The count seen last time again: refused. */
        REPLAYED,
        /** A count below the last one (out-of-order pipelined requests): refused with {@code stale=true}. */
        STALE
    }

    private final SecureRandom random = new SecureRandom();
    /** Nonce to last count, least recently used first. */
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** A new nonce with count 0. */
    synchronized String issue() {
        if (counts.size() > SIZE + TOLERANCE) {
            Iterator<String> oldest = counts.keySet().iterator();
            for (int i = 0; i < 2 * TOLERANCE && oldest.hasNext(); i++) {
                oldest.next();
                oldest.remove();
            }
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        counts.put(nonce, 0L);
        return nonce;
    }

    /** Records count {@code nc} (unsigned) for {@code nonce} if it is worth {@link Use#ACCEPTED}. */
    synchronized Use use(String nonce, long nc) {
        Long last = counts.get(nonce);
        if (last == null) {
            return Use.UNKNOWN;
        }
        if (last != 0) {
            int order = Long.compareUnsigned(nc, last);
            if (order == 0) {
                return Use.REPLAYED;
            }
            if (order < 0) {
                return Use.STALE;
            }
        }
        counts.remove(nonce);
        counts.put(nonce, nc);
        return Use.ACCEPTED;
    }

    synchronized int size() {
        return counts.size();
    }
}
