package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An origin server on a raw {@link ServerSocket} (127.0.0.1, ephemeral port) that records the exact bytes of every
 * connection, one thread each. It answers the first complete request of a connection with a canned
 * {@link OriginAnswer} ({@code Connection: close}), sends {@code 100 Continue} to a head that asks for it, and keeps
 * reading until the proxy closes, so bytes a proxy sends after the request it meant (a smuggled request, tunnel data)
 * are recorded too. A recorded timeout: {@value #READ_TIMEOUT_MILLIS} ms without a byte ends a connection.
 */
final class RecordingOrigin implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "recording-origin");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile OriginAnswer answer = OriginAnswer.OK;

    private RecordingOrigin(ServerSocket server) {
        this.server = server;
        threads.execute(this::accept);
    }

    static RecordingOrigin start() {
        try {
            return new RecordingOrigin(new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1")));
        } catch (IOException e) {
            throw new UncheckedIOException("recording origin: cannot listen on 127.0.0.1", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Starts a new case: closes what earlier cases left open, forgets their bytes, answers with {@code next}. */
    void nextCase(OriginAnswer next) {
        answer = requireNonNull(next, "next");
        connections.forEach(Connection::close);
        connections.clear();
    }

    /**
     * What arrived since {@link #nextCase}, once {@code atLeast} passed and every connection of the case ended (the
     * proxy closed it, or it closed after its answer), or {@code bound} passed after {@code atLeast}; connections still
     * open then are reported as such.
     */
    OriginTraffic settle(Duration bound, Duration atLeast) {
        long earliest = System.nanoTime() + atLeast.toNanos();
        long deadline = earliest + bound.toNanos();
        while (System.nanoTime() < earliest
                || System.nanoTime() < deadline && connections.stream().anyMatch(c -> !c.finished)) {
            pause();
        }
        List<OriginTraffic.ConnectionBytes> received = connections.stream()
                .map(c -> new OriginTraffic.ConnectionBytes(c.received(), c.switched, !c.finished)).toList();
        return OriginTraffic.of(received);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("recording origin: cannot close port " + port(), e);
        } finally {
            connections.forEach(Connection::close);
            threads.shutdownNow();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Connection connection = new Connection(server.accept(), answer);
                connections.add(connection);
                threads.execute(connection::serve);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the origin's connections", e);
        }
    }

    /** One accepted connection: its bytes so far and whether it ended. */
    private static final class Connection {
        private final Socket socket;
        private final OriginAnswer answer;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean finished;
        private volatile boolean switched;

        Connection(Socket socket, OriginAnswer answer) {
            this.socket = socket;
            this.answer = answer;
        }

        void serve() {
            boolean answered = false;
            boolean continued = false;
            try (socket) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    record(buffer, read);
                    if (answered) {
                        continue;
                    }
                    WireRequests parsed = WireRequests.parse(received());
                    if (!parsed.complete().isEmpty()) {
                        out.write(answer.bytes(parsed.complete().get(0)));
                        out.flush();
                        answered = true;
                        switched = answer.switchesProtocols();
                        if (!switched) {
                            socket.shutdownOutput();
                        }
                    } else if (!continued && parsed.waitingForContinue().isPresent()) {
                        out.write(CONTINUE);
                        out.flush();
                        continued = true;
                    }
                }
            } catch (IOException e) {
                // A reset, a timeout or close() ends the connection; what arrived before is recorded.
            } finally {
                finished = true;
            }
        }

        private synchronized void record(byte[] buffer, int length) {
            bytes.write(buffer, 0, length);
        }

        synchronized byte[] received() {
            return bytes.toByteArray();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException("recording origin: cannot close a connection", e);
            }
        }
    }
}
