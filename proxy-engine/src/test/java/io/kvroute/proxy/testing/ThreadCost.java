package io.kvroute.proxy.testing;

import java.lang.management.ManagementFactory;

/**
 * What some work costs the thread that runs it: CPU time and bytes allocated, averaged over repetitions. For tests that
 * print what a build costs (no timing assertions: the figures are printed, the counts are asserted).
 */
public record ThreadCost(long cpuNanos, long allocated) {

    /** Runs {@code work} {@code times} times on this thread and returns the cost of one run, averaged. */
    public static ThreadCost averaged(int times, Runnable work) {
        long cpu = threads().getCurrentThreadCpuTime();
        long allocated = threads().getCurrentThreadAllocatedBytes();
        for (int i = 0; i < times; i++) {
            work.run();
        }
        return new ThreadCost((threads().getCurrentThreadCpuTime() - cpu) / times,
                (threads().getCurrentThreadAllocatedBytes() - allocated) / times);
    }

    @Override
    public String toString() {
        return String.format("%d us CPU, %,d bytes", cpuNanos / 1000, allocated);
    }

    private static com.sun.management.ThreadMXBean threads() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }
}
