package io.kvroute.proxy.routing;

import io.kvroute.proxy.balancer.RequestCookies;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an HTTP request that routing rules and sticky balancers read. {@link ExchangeRequestView} adapts
 * Undertow's exchange; tests use plain implementations.
 */
public interface RequestView extends RequestCookies {
    /** The {@code Host} header as sent (may carry a port), or {@code ""} if there is none. */
    String hostHeader();

    /** The decoded request path without the query string, e.g. {@code /api/users}. */
    String path();

    /** The request method, e.g. {@code GET}. */
    String method();

    /** Every value of the header {@code name} (case-insensitive), one per header line; empty if absent. */
    List<String> headers(String name);

    /**
     * Every decoded value of the query parameter {@code name} ({@code ""} for {@code ?k} and {@code ?k=}); empty
     * if absent.
     */
    List<String> queryValues(String name);

    /** The address of the peer that sent the request (the TCP remote address), if known. */
    Optional<InetAddress> clientAddress();
}
