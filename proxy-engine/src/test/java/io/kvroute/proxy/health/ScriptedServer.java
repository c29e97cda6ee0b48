package io.kvroute.proxy.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP server on 127.0.0.1 that treats HTTP requests as its {@link Behaviour} says, to show what the prober does
 * with connections no well-behaved HTTP server produces; it counts connections accepted, connections still open (a
 * connection counts as closed once the client closed it) and requests read.
 */
final class ScriptedServer implements AutoCloseable {
    enum Behaviour {
        /** Answers the first request of each connection with 200 and keeps it open; closes it at the next request. */
        ANSWER_ONCE_PER_CONNECTION,
        /** Reads each request and closes the connection without answering. */
        CLOSE_UNANSWERED,
        /** Reads each request and never answers, until the client closes. */
        NEVER_ANSWER,
        /** Answers each request with 200 and a body of {@value #LARGE_BODY_BYTES} bytes, keeping the connection. */
        ANSWER_LARGE_BODY
    }

    static final int LARGE_BODY_BYTES = 1024 * 1024;

    private final Behaviour behaviour;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    ScriptedServer(Behaviour behaviour) {
        this.behaviour = behaviour;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections the client has not closed yet. */
    int open() {
        return open.get();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listener that failed to close is all a test can do
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            int onThisConnection = 0;
            while (readHead(in)) {
                requests.incrementAndGet();
                onThisConnection++;
                if (behaviour == Behaviour.CLOSE_UNANSWERED
                        || behaviour == Behaviour.ANSWER_ONCE_PER_CONNECTION && onThisConnection > 1) {
                    return;
                }
                if (behaviour == Behaviour.ANSWER_ONCE_PER_CONNECTION) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (behaviour == Behaviour.ANSWER_LARGE_BODY) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + LARGE_BODY_BYTES + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(new byte[LARGE_BODY_BYTES]);
                    out.flush();
                }
            }
        } catch (IOException reset) {
            // the client went away
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads one request head; false at the end of the stream. */
    private static boolean readHead(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return false;
        }
        while (line != null && !line.isEmpty()) {
            line = in.readLine();
        }
        return line != null;
    }
}
