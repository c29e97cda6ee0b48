package io.kvroute.proxy.health;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP backend on 127.0.0.1 and an ephemeral port that answers every request with a switchable status, or
 * never answers while hanging; it records what it received.
 */
final class TestBackend implements AutoCloseable {
    /** One request as the backend saw it, with the client's port (one port per connection). */
    record Received(String method, String uri, Headers headers, int clientPort) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicBoolean hanging = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    TestBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void status(int code) {
        status.set(code);
    }

    /** Requests for {@code fromPath} get a 302 to {@code toPath}; the others keep the switchable status. */
    void redirect(String fromPath, String toPath) {
        redirects.put(fromPath, toPath);
    }

    /** From now on, requests get no answer until the backend closes. */
    void hang() {
        hanging.set(true);
    }

    int requestCount() {
        return received.size();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops listening: later connections are refused. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), exchange.getRemoteAddress().getPort()));
            if (hanging.get()) {
                released.await(10, TimeUnit.SECONDS);
                return;
            }
            String location = redirects.get(exchange.getRequestURI().getPath());
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.sendResponseHeaders(status.get(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
