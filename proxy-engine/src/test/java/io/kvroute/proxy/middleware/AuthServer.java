package io.kvroute.proxy.middleware;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A forward-auth server for tests on a real Undertow: records each request it gets and answers what the test set
 * with {@link #answer}: status, headers, body.
 */
final class AuthServer implements AutoCloseable {
    /** One request the auth server got: method, URI, headers by lower-case name, body. */
    record Asked(String method, String uri, Map<String, List<String>> headers, String body) {
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile List<String> answerHeaders = List.of();
    private volatile String answerBody = "";
    private final TestServer server;

    AuthServer() {
        this.server = TestServer.start(exchange -> exchange.getRequestReceiver().receiveFullBytes(this::answer));
    }

    /** Answers {@code status} with {@code body} and {@code headers} (name, value, name, value, ...). */
    AuthServer answer(int status, String body, String... headers) {
        this.status = status;
        this.answerBody = body;
        this.answerHeaders = List.of(headers);
        return this;
    }

    URI uri(String path) {
        return server.uri(path);
    }

    List<Asked> asked() {
        return asked;
    }

    private void answer(HttpServerExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.computeIfAbsent(values.getHeaderName().toString().toLowerCase(Locale.ROOT),
                    name -> new ArrayList<>()).addAll(values);
        }
        String query = exchange.getQueryString();
        asked.add(new Asked(exchange.getRequestMethod().toString(),
                exchange.getRequestURI() + (query.isEmpty() ? "" : "?" + query), headers,
                new String(body, StandardCharsets.UTF_8)));
        exchange.setStatusCode(status);
        for (int i = 0; i < answerHeaders.size(); i += 2) {
            exchange.getResponseHeaders().add(new HttpString(answerHeaders.get(i)), answerHeaders.get(i + 1));
        }
        exchange.getResponseSender().send(answerBody);
    }

    @Override
    public void close() {
        server.close();
    }
}
