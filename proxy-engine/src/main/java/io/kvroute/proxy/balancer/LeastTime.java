package io.kvroute.proxy.balancer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * Traefik's {@code leasttime} strategy over a fixed list of servers: each eligible server scores
 * {@code averageTimeToHeaders * (1 + requestsInFlight) / weight} and the lowest score wins; servers sharing the lowest
 * score are told apart by the balancer's weighted round robin. The average is that of the server's last
 * {@value #SAMPLES} times from the start of the call to the server ({@link InFlightRequest#sent()}: its connect, after
 * any retry backoff and any holding of the request's body, as Traefik times just its call to the server) to its
 * response headers, in whole milliseconds as Traefik counts them (a server without samples averages 0, so every new
 * server is tried first). Times come from the proxy's own exchanges: a request counts from its pick until its
 * {@link InFlightRequest} ends, and its time is taken when {@link InFlightRequest#answered()} says the headers came;
 * no timer runs per request.
 */
final class LeastTime {
    static final int SAMPLES = 100;

    private final long[] weights;
    private final AtomicIntegerArray inFlight;
    private final Samples[] samples;
    private final LongSupplier nanoTime;

    LeastTime(long[] weights) {
        this(weights, System::nanoTime);
    }

    /** @param nanoTime the time calls to servers are timed with, in nanoseconds ({@link System#nanoTime()}) */
    LeastTime(long[] weights, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.weights = weights.clone();
        this.inFlight = new AtomicIntegerArray(weights.length);
        this.samples = new Samples[weights.length];
        for (int i = 0; i < weights.length; i++) {
            samples[i] = new Samples();
        }
    }

    /**
     * The index of the eligible server with the lowest score, or -1 when none is eligible; among several with the
     * lowest score, the one {@code tieBreak} picks of them.
     */
    int next(IntPredicate eligible, SmoothWeightedRoundRobin tieBreak) {
        boolean[] lowest = new boolean[weights.length];
        double lowestScore = Double.MAX_VALUE;
        int first = -1;
        int count = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] <= 0 || !eligible.test(i)) {
                continue;
            }
            double score = score(i);
            if (first < 0 || score < lowestScore) {
                Arrays.fill(lowest, false);
                lowestScore = score;
                first = i;
                count = 0;
            }
            if (score == lowestScore) {
                lowest[i] = true;
                count++;
            }
        }
        return count <= 1 ? first : tieBreak.next(i -> lowest[i]);
    }

    /** {@code average * (1 + inFlight) / weight}, Traefik's score of server {@code index}. */
    double score(int index) {
        return samples[index].average() * (1 + inFlight.get(index)) / weights[index];
    }

    /**
     * Counts a request on server {@code index} from now until the returned request ends; its answer is timed from when
     * it was sent.
     */
    InFlightRequest begin(int index) {
        inFlight.incrementAndGet(index);
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean timed = new AtomicBoolean();
        return new InFlightRequest() {
            private volatile long sentNanos;
            private volatile boolean sent;

            @Override
            public void end() {
                if (ended.compareAndSet(false, true)) {
                    inFlight.decrementAndGet(index);
                }
            }

            @Override
            public void sent() {
                sentNanos = nanoTime.getAsLong();
                sent = true;
            }

            @Override
            public void answered() {
                if (sent && timed.compareAndSet(false, true)) {
                    samples[index].add((nanoTime.getAsLong() - sentNanos) / 1_000_000);
                }
            }
        };
    }

    /** Records a time to headers of {@code millis} for server {@code index}, as an answered request does. */
    void sample(int index, long millis) {
        samples[index].add(millis);
    }

    /** Requests in flight on server {@code index}. */
    int inFlight(int index) {
        return inFlight.get(index);
    }

    /** A ring of a server's last {@link #SAMPLES} times to headers in milliseconds, with their sum. */
    private static final class Samples {
        @GuardedBy("this")
        private final long[] ring = new long[SAMPLES];
        @GuardedBy("this")
        private int next;
        @GuardedBy("this")
        private int count;
        @GuardedBy("this")
        private long sum;

        synchronized void add(long millis) {
            sum += millis - (count == SAMPLES ? ring[next] : 0);
            ring[next] = millis;
            next = (next + 1) % SAMPLES;
            count = Math.min(SAMPLES, count + 1);
        }

        synchronized double average() {
            return count == 0 ? 0 : (double) sum / count;
        }
    }
}
