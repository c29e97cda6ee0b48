package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A plain socket server on 127.0.0.1 and an ephemeral port that hands every accepted connection to a handler on a
 * thread of its own, counting the connections it accepted and those whose handler has not returned yet; closing it
 * closes them all. The raw servers of the tests ({@link SilentServer}, {@link KeepAliveServer}) differ only in their
 * handler.
 */
final class LoopbackSocketServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Consumer<Socket> handler;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService threads;

    LoopbackSocketServer(String threadName, Consumer<Socket> handler) {
        this.handler = handler;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        threads.execute(this::acceptUntilClosed);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int open() {
        return open.get();
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.add(socket);
                connections.incrementAndGet();
                open.incrementAndGet();
                threads.execute(() -> {
                    try {
                        handler.accept(socket);
                    } finally {
                        open.decrementAndGet();
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
