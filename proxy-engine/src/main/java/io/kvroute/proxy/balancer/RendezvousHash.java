package io.kvroute.proxy.balancer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.function.IntPredicate;

/**
 * Traefik's {@code hrw} strategy (highest random weight, rendezvous hashing) over a fixed list of servers, or of child
 * services ({@link RendezvousBalancer}, the service's name standing for the URL): each eligible server scores
 * {@code weight / -ln(h / 2^64)}, where {@code h} is the 64-bit FNV-1a hash of the client's key followed by the
 * server's URL as configured; the highest score wins (the first on a tie). A client keeps its server while that server
 * is usable, and only the clients of a server that goes away move. Traefik keys by the client's IP as its
 * {@code RemoteAddrStrategy} gives it (the TCP peer, without port).
 */
final class RendezvousHash {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final double TWO_TO_THE_64 = 0x1p64;

    private final byte[][] names;
    private final long[] weights;

    RendezvousHash(String[] names, long[] weights) {
        this.names = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = names[i].getBytes(UTF_8);
        }
        this.weights = weights.clone();
    }

    /** The index of the server with the highest score for {@code key} among those {@code eligible} accepts, or -1. */
    int next(String key, IntPredicate eligible) {
        byte[] prefix = key.getBytes(UTF_8);
        int best = -1;
        double bestScore = 0;
        for (int i = 0; i < names.length; i++) {
            if (!eligible.test(i)) {
                continue;
            }
            double score = score(prefix, names[i], weights[i]);
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** {@code weight / -ln(fnv1a64(key + name) / 2^64)}, Traefik's {@code getNodeScore}. */
    static double score(byte[] key, byte[] name, long weight) {
        long hash = OFFSET_BASIS;
        for (byte b : key) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        for (byte b : name) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return 1.0 / -Math.log(unsigned(hash) / TWO_TO_THE_64) * weight;
    }

    /** The unsigned value of {@code bits} as the nearest double, as Go's {@code float64(uint64)} converts it. */
    private static double unsigned(long bits) {
        if (bits >= 0) {
            return bits;
        }
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
