package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RequestView} over an Undertow {@link HttpServerExchange}; create one per request on the IO thread and
 * pass it to {@link RoutingSnapshot#route} and to the balancer's pick. The client address is the exchange's source
 * address (the TCP peer unless a handler such as {@code ProxyPeerAddressHandler} replaced it).
 */
public final class ExchangeRequestView implements RequestView {
    private final HttpServerExchange exchange;
    /** The Host header {@link #canonical} was computed from, and the result (the rules of one request share it). */
    private String canonicalOf;
    private String canonical;

    public ExchangeRequestView(HttpServerExchange exchange) {
        this.exchange = requireNonNull(exchange, "exchange");
    }

    @Override
    public String hostHeader() {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return host == null ? "" : host;
    }

    @Override
    public String canonicalHost() {
        String host = hostHeader();
        if (!host.equals(canonicalOf)) {
            canonical = HostNames.canonical(host);
            canonicalOf = host;
        }
        return canonical;
    }

    @Override
    public String path() {
        return exchange.getRequestPath();
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public List<String> headers(String name) {
        HeaderValues values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    @Override
    public List<String> queryValues(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public Optional<InetAddress> clientAddress() {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null ? Optional.empty() : Optional.ofNullable(source.getAddress());
    }

    @Override
    public Optional<String> cookie(String name) {
        Cookie cookie = exchange.getRequestCookie(name);
        return cookie == null ? Optional.empty() : Optional.of(cookie.getValue());
    }
}
