package io.kvroute.proxy.testing;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP backend on 127.0.0.1 and an ephemeral port that answers every request with its name as the body. Its
 * status can be switched (e.g. to 500) or set for its next requests only, its answers or their bodies delayed, and it can be stopped and started again on the same
 * port. It records what it received, bodies included.
 */
public final class Backend implements AutoCloseable {
    /** One request as the backend saw it, with its body as UTF-8 text; header names are case-insensitive. */
    public record Received(String method, String uri, Headers headers, int answeredWith, String body) {
        /** The first value of {@code name}, or null. */
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final String name;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "backend");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger status = new AtomicInteger(200);
    private final Queue<Integer> nextStatuses = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> bodyDelay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int port;
    private HttpServer server;

    private Backend(String name) {
        this.name = requireNonNull(name, "name");
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Starts a backend answering {@code name}. */
    public static Backend start(String name) {
        return new Backend(name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** From now on every request is answered with {@code code}. */
    public void status(int code) {
        status.set(code);
    }

    /** The next requests are answered with {@code codes}, one each in turn; those after them with {@link #status}. */
    public void nextStatuses(int... codes) {
        for (int code : codes) {
            nextStatuses.add(code);
        }
    }

    /** From now on every answer's body follows its headers after {@code wait}. */
    public void bodyDelay(Duration wait) {
        bodyDelay.set(requireNonNull(wait, "wait"));
    }

    /** From now on every answer waits {@code wait} first. */
    public void delay(Duration wait) {
        delay.set(requireNonNull(wait, "wait"));
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests received for {@code path} (the URI without its query). */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.uri().split("\\?", 2)[0].equals(path)).toList();
    }

    /** Closes the port: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            server = listen(port);
        }
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 256);
            created.setExecutor(executor);
            created.createContext("/", this::handle);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("backend " + name + ": cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Integer next = nextStatuses.poll();
            int code = next != null ? next : status.get();
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, code,
                    body));
            pause(delay.get());
            byte[] answer = name.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Backend", name);
            exchange.sendResponseHeaders(code, answer.length);
            pause(bodyDelay.get());
            exchange.getResponseBody().write(answer);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void pause(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
