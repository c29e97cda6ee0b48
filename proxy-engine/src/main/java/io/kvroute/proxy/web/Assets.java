package io.kvroute.proxy.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The dashboard page and its script and style, read once from this package's resources and served by exact path:
 * {@code /} and {@code /dashboard/} give the page, {@code /assets/dashboard.js} and {@code /assets/dashboard.css}
 * the rest. Nothing else on the class path can be reached.
 */
final class Assets {
    private record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> byPath;

    private Assets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    static Assets load() {
        Asset page = read("index.html", "text/html; charset=utf-8");
        return new Assets(Map.of(
                "/", page,
                "/dashboard/", page,
                "/assets/dashboard.js", read("dashboard.js", "text/javascript; charset=utf-8"),
                "/assets/dashboard.css", read("dashboard.css", "text/css; charset=utf-8")));
    }

    /** Sends the asset at {@code path}; false if there is none. */
    boolean handle(HttpServerExchange exchange, String path) {
        Asset asset = byPath.get(path);
        if (asset == null) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, asset.contentType());
        exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
        return true;
    }

    private static Asset read(String name, String contentType) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard resource " + name + " unreadable", e);
        }
    }
}
