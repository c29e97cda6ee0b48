package io.kvroute.kv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sends a signal to a process the test started, by its PID, with {@code kill} (Java has no API for SIGSTOP and
 * SIGCONT): {@code -STOP} freezes it with its connections open, like a hung server; {@code -CONT} lets it go on.
 */
public final class ProcessSignals {
    private ProcessSignals() {
    }

    /** Sends {@code signal} ({@code -STOP}, {@code -CONT}, ...) to {@code process}; fails if {@code kill} does. */
    public static void send(Process process, String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal + " to " + process.pid(), e);
        }
    }
}
