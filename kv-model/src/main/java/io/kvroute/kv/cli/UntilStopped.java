package io.kvroute.kv.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How the long-running commands live: registered for SIGTERM/SIGINT, they block until the JVM shuts down and then
 * run their stop sequence (drain, wait for requests in flight, close) in the shutdown hook.
 */
public final class UntilStopped {
    private UntilStopped() {
    }

    /** Registers {@code stop} as a shutdown hook named {@code name}. */
    public static void onStop(String name, Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, name));
    }

    /** Registers {@code stop} and blocks the calling thread until it has run. */
    public static void await(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        onStop(name, () -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        });
        stopped.await();
    }
}
