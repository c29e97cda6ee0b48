package io.kvroute.proxy.http;

import io.kvroute.proxy.balancer.ServerKey;

/** Where the proxy client reports a server it could not connect to (passive health: the checker ejects it). */
@FunctionalInterface
public interface FailureReporter {
    void connectFailed(ServerKey server, String reason);

    FailureReporter NONE = (server, reason) -> { };
}
