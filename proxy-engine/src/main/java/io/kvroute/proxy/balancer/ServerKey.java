package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one server of one load-balanced service: the service name, the server's id under
 * {@code servers/<id>} (or its index when the layout has no ids) and its URL as configured. The health checker,
 * the dashboard and retries ({@link ServiceBalancer#pick(java.util.Set, RequestCookies)}'s exclude set) all use it.
 */
public record ServerKey(String service, String serverId, String url) {
    public ServerKey {
        requireNonNull(service, "service");
        requireNonNull(serverId, "serverId");
        requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return service + "/" + serverId + " (" + url + ")";
    }
}
