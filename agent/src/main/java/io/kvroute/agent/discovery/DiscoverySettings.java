package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.kv.layout.ServerId;

/**
 * The agent-wide inputs of container discovery.
 *
 * @param node             this agent's node name ({@code --node-name}), for the {@code {{node}}} placeholder
 * @param exposedByDefault {@code --exposed-by-default}: when false, only containers labelled
 *                         {@code traefik.enable=true} are published ({@code traefik.enable=false} always excludes)
 * @param defaultRule      {@code --default-rule}, for routers declaring no rule
 * @param addressPolicy    {@code --docker.network} and {@code --host-ip}
 */
public record DiscoverySettings(String node, boolean exposedByDefault, DefaultRule defaultRule,
        AddressPolicy addressPolicy) {
    public DiscoverySettings {
        ServerId.requireNodeName(node);
        requireNonNull(defaultRule, "defaultRule");
        requireNonNull(addressPolicy, "addressPolicy");
    }

    /** Traefik's defaults: exposed by default, rule {@code Host(`{{name}}`)}. */
    public static DiscoverySettings defaults(String node, AddressPolicy addressPolicy) {
        return new DiscoverySettings(node, true, DefaultRule.TRAEFIK, addressPolicy);
    }

    public DiscoverySettings withExposedByDefault(boolean exposed) {
        return new DiscoverySettings(node, exposed, defaultRule, addressPolicy);
    }

    public DiscoverySettings withDefaultRule(DefaultRule rule) {
        return new DiscoverySettings(node, exposedByDefault, rule, addressPolicy);
    }
}
