package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A source's TCP and UDP declarations: Traefik JSON {@code {"tcp": {...}, "udp": {...}}} whose load balancers have
 * no servers yet, the servers this source adds, and the labels they came from (named when a layout cannot hold
 * them). The JSON is copied in and out, so the record stays immutable.
 */
public record TransportRoutes(ObjectNode config, List<TransportServer> servers, List<String> labels) {
    private static final TransportRoutes NONE = new TransportRoutes(JsonNodeFactory.instance.objectNode(), List.of(),
            List.of());

    public TransportRoutes {
        config = requireNonNull(config, "config").deepCopy();
        servers = List.copyOf(requireNonNull(servers, "servers"));
        labels = List.copyOf(requireNonNull(labels, "labels"));
    }

    public static TransportRoutes none() {
        return NONE;
    }

    public boolean isEmpty() {
        return labels.isEmpty() && servers.isEmpty() && config.isEmpty();
    }

    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }

    TransportRoutes withServers(List<TransportServer> added) {
        return new TransportRoutes(config, added, labels);
    }
}
