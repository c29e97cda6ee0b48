package io.kvroute.kv.testing;

/**
 * Times that tests measure and report rather than assert tightly: printed as {@code MEASURED ...} lines, which
 * surefire and failsafe keep in each test's output file for the issue notes.
 */
public final class Measured {
    private Measured() {
    }

    /** Prints one measured figure: {@code MEASURED <formatted>}. */
    public static void report(String format, Object... args) {
        System.out.println("MEASURED " + String.format(format, args));
    }

    /** Milliseconds since a {@link System#nanoTime()} reading. */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
