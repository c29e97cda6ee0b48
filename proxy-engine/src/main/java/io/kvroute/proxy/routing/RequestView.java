package io.kvroute.proxy.routing;

import io.kvroute.proxy.balancer.BalancedRequest;
import java.util.List;

/**
 * The parts of an HTTP request that routing rules and balancers read (cookies, the client's address).
 * {@link ExchangeRequestView} adapts Undertow's exchange; tests use plain implementations.
 */
public interface RequestView extends BalancedRequest {
    /** The {@code Host} header as sent (may carry a port), or {@code ""} if there is none. */
    String hostHeader();

    /**
     * The {@code Host} header as rules compare it ({@link HostNames#canonical}: trimmed, lower case, without port);
     * a view that serves many rules computes it once.
     */
    default String canonicalHost() {
        return HostNames.canonical(hostHeader());
    }

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
}
