package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.model.Server;

/** One server this agent owns: the service it serves, its per-node id, and the server (id = the {@code ServerId}). */
record OwnedServer(String service, ServerId id, Server server) {
    OwnedServer {
        requireNonNull(service, "service");
        requireNonNull(id, "id");
        requireNonNull(server, "server");
        if (!server.id().equals(id.value())) {
            throw new IllegalArgumentException("server id: " + server.id() + " (expected: " + id + ")");
        }
    }
}
