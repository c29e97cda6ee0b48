package io.kvroute.kv.model;

import java.util.List;

/**
 * Weighted round robin over other TCP services ({@code tcp/services/<name>/weighted}); {@code healthCheck} set means a
 * child without a healthy server drops out.
 */
public record TcpWeighted(String name, List<ServiceWeight> services, boolean healthCheck) implements TcpService {
    public static final String TYPE = "weighted";

    public TcpWeighted {
        Names.check("name", name);
        services = List.copyOf(services);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
