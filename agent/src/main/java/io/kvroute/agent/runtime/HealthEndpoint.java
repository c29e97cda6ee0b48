package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kvroute.kv.cli.CannotListen;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own small HTTP endpoint ({@code --health.address}), on the JDK's HTTP server with one thread:
 * {@code GET /health} answers 200 or 503 with {@link AgentHealth} as JSON, {@code GET /metrics} the Prometheus text.
 */
final class HealthEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code address}.
     *
     * @throws CannotListen naming {@code --health.address} when the address cannot be bound
     */
    static HealthEndpoint start(InetSocketAddress address, Supplier<AgentHealth> health, Supplier<String> metrics) {
        requireNonNull(address, "address");
        requireNonNull(health, "health");
        requireNonNull(metrics, "metrics");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new CannotListen("--health.address", address, e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvroute-agent-health");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health", exchange -> {
            AgentHealth current = health.get();
            respond(exchange, current.healthy() ? 200 : 503, "application/json", json(current));
        });
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.start();
        return new HealthEndpoint(server, executor);
    }

    /** The bound address (with the chosen port when started on port 0). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String json(AgentHealth health) {
        try {
            return JSON.writeValueAsString(health) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("health as JSON: " + e.getMessage(), e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("health endpoint: answering {} failed: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }
}
