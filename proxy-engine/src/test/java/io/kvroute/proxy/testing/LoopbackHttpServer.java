package io.kvroute.proxy.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on a free port of 127.0.0.1, for a test's own origin written by hand. */
public final class LoopbackHttpServer {
    private LoopbackHttpServer() {
    }

    /** A started server whose every path goes to {@code handler}. */
    public static HttpServer start(HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback HTTP server", e);
        }
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** {@code http://127.0.0.1:PORT} of {@code server}. */
    public static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
