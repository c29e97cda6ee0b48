package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * How a middleware sends a request of its own to a service of the configuration (the errors middleware's error
 * pages): through that service's balancer in the snapshot being served, with its health and connection pools, as
 * the proxy forwards a request.
 */
public interface ServiceRequests {
    /** No services: every lookup fails (chains built outside a proxy runtime, such as the dashboard's). */
    ServiceRequests NONE = new ServiceRequests() {
        @Override
        public boolean serves(String service) {
            return false;
        }

        @Override
        public void get(String service, PageRequest request, HttpServerExchange exchange,
                Consumer<PageResponse> done) {
            done.accept(PageResponse.failure(503, "no available server\n"));
        }
    };

    /** Whether the configuration the chain is built for has a usable service named {@code service}. */
    boolean serves(String service);

    /**
     * Sends {@code request} as a GET to a server of {@code service} in the snapshot served now, reads the whole
     * response and gives it to {@code done} on {@code exchange}'s I/O thread; a service without usable servers, a
     * server that cannot be reached or does not answer in time, or {@code exchange} ending first gives a
     * {@link PageResponse#failure}. Called on {@code exchange}'s I/O thread, before it is complete.
     */
    void get(String service, PageRequest request, HttpServerExchange exchange, Consumer<PageResponse> done);

    /**
     * A request to a service.
     *
     * @param pathAndQuery the request target, {@code /errors/503.html?from=x}
     * @param host         the Host to send when the service passes the client's Host
     * @param headers      the request headers (without Host and hop-by-hop headers)
     */
    record PageRequest(String pathAndQuery, String host, HeaderMap headers) {
        public PageRequest {
            requireNonNull(pathAndQuery, "pathAndQuery");
            requireNonNull(host, "host");
            requireNonNull(headers, "headers");
        }
    }

    /**
     * A service's whole response, or what the proxy answers when there is none ({@code failed}: 502, 503, 504 with
     * a short text, as Traefik's proxy answers).
     */
    record PageResponse(int status, HeaderMap headers, byte[] body, boolean failed) {
        public PageResponse {
            requireNonNull(headers, "headers");
            requireNonNull(body, "body");
        }

        public static PageResponse failure(int status, String text) {
            HeaderMap headers = new HeaderMap();
            headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            return new PageResponse(status, headers, text.getBytes(StandardCharsets.UTF_8), true);
        }
    }
}
