package io.kvroute.kv.testing.consul;

/** An error answer of the emulated API: the HTTP status and the plain-text body Consul would send. */
final class ConsulApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ConsulApiError(int status, String body) {
        super(body);
        this.status = status;
    }

    int status() {
        return status;
    }
}
