package io.kvroute.proxy.middleware;

import io.undertow.server.HttpHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backend that answers 200 with what it received: decoded path, raw URI, query and headers, one per line; and
 * the response headers {@code X-Backend: echo} and {@code Server: echo-backend}.
 */
final class Echo {
    static final HttpHandler HANDLER = exchange -> {
        StringBuilder body = new StringBuilder();
        body.append("path ").append(exchange.getRequestPath()).append('\n');
        body.append("uri ").append(exchange.getRequestURI()).append('\n');
        body.append("query ").append(exchange.getQueryString()).append('\n');
        for (HeaderValues header : exchange.getRequestHeaders()) {
            for (String value : header) {
                body.append("header ").append(header.getHeaderName().toString().toLowerCase(Locale.ROOT))
                        .append(' ').append(value).append('\n');
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.SERVER, "echo-backend");
        exchange.getResponseHeaders().put(new HttpString("X-Backend"), "echo");
        exchange.getResponseSender().send(body.toString());
    };

    /** What the echo backend received. */
    record Received(String path, String uri, String query, Map<String, List<String>> headers) {
        static Received parse(String body) {
            String path = null;
            String uri = null;
            String query = null;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                String[] parts = line.split(" ", 2);
                String rest = parts.length > 1 ? parts[1] : "";
                switch (parts[0]) {
                    case "path" -> path = rest;
                    case "uri" -> uri = rest;
                    case "query" -> query = rest;
                    case "header" -> {
                        String[] header = rest.split(" ", 2);
                        headers.computeIfAbsent(header[0], name -> new ArrayList<>())
                                .add(header.length > 1 ? header[1] : "");
                    }
                    default -> throw new IllegalArgumentException("unexpected echo line: " + line);
                }
            }
            return new Received(path, uri, query, headers);
        }

        /** The values of request header {@code name} (any case), empty when it was not sent. */
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private Echo() {
    }
}
