package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the servers the tests run as processes on a loopback port share ({@link NginxProcess},
 * {@link RedisServerExtension}, {@link PostgresServerExtension}): a free port to give one, the wait until it accepts
 * on it, and its stop by its PID.
 */
final class LoopbackProcess {
    private LoopbackProcess() {
    }

    /** A loopback port free now, for {@code server} (named in the failure). */
    static int freePort(String server) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for " + server, e);
        }
    }

    /**
     * Returns once {@code process}, {@code server}, accepts on 127.0.0.1:{@code port}; fails with {@code log} when it
     * exits first or does not within {@code timeout}.
     */
    static void awaitListening(Process process, String server, int port, Duration timeout, Path log)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(server + " exited with code " + process.exitValue() + ": "
                        + (Files.exists(log) ? Files.readString(log).strip() : "no " + log.getFileName()));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                pause(server);
            }
        }
        throw new IllegalStateException(server + " not listening on 127.0.0.1:" + port + " within " + timeout
                + "; see " + log);
    }

    /** Stops {@code process} by its PID (forcibly after {@code timeout}) and waits until it has exited. */
    static void stop(Process process, Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(String server) {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + server, e);
        }
    }
}
