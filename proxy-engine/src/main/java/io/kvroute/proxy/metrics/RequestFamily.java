package io.kvroute.proxy.metrics;

/**
 * One of Traefik's three families of request metrics, each a requests counter, a duration histogram and request and
 * response byte counters, told apart by the part of the name after {@code traefik_}: {@code entrypoint_},
 * {@code router_} or {@code service_} (Traefik's {@code pkg/observability/metrics/prometheus.go}). The names here are
 * Micrometer's, which its Prometheus registry writes as Traefik does: {@code traefik.router.requests} becomes
 * {@code traefik_router_requests_total}, the timer {@code traefik.router.request.duration}
 * {@code traefik_router_request_duration_seconds}.
 */
enum RequestFamily {
    ENTRYPOINT("entrypoint"),
    ROUTER("router"),
    SERVICE("service");

    final String requests;
    final String duration;
    final String requestBytes;
    final String responseBytes;

    RequestFamily(String level) {
        String prefix = "traefik." + level + ".";
        this.requests = prefix + "requests";
        this.duration = prefix + "request.duration";
        this.requestBytes = prefix + "requests.bytes";
        this.responseBytes = prefix + "responses.bytes";
    }
}
