package io.kvroute.proxy.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HttpServer backend on 127.0.0.1: {@code /health} answers 200, everything else its name, counted. */
final class Backend implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    Backend(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/health")) {
                requests.incrementAndGet();
            }
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
        return name;
    }

    /** Requests other than health probes so far. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
