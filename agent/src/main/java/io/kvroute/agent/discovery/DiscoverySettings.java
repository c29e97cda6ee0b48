package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.rule.RuleSyntax;

/**
 * The agent-wide inputs of container discovery.
 *
 * @param node             this agent's node name ({@code --node-name}), for the {@code {{node}}} placeholder
 * @param exposedByDefault {@code --exposed-by-default}: when false, only containers labelled
 *                         {@code traefik.enable=true} are published ({@code traefik.enable=false} always excludes)
 * @param defaultRule      {@code --default-rule}, for routers declaring no rule
 * @param addressPolicy    {@code --docker.network} and {@code --host-ip}
 * @param ruleSyntax       the syntax of a v2/v3 rule whose router names no {@code ruleSyntax} (and of
 *                         {@code kvroute.rule} and the default rule unless they are v1 rules): {@link RuleSyntax#V2}
 *                         with {@code --layout=v2}, as Traefik v2 reads every rule, else {@link RuleSyntax#V3}
 */
public record DiscoverySettings(String node, boolean exposedByDefault, DefaultRule defaultRule,
        AddressPolicy addressPolicy, RuleSyntax ruleSyntax) {
    public DiscoverySettings {
        ServerId.requireNodeName(node);
        requireNonNull(defaultRule, "defaultRule");
        requireNonNull(addressPolicy, "addressPolicy");
        if (requireNonNull(ruleSyntax, "ruleSyntax") == RuleSyntax.V1) {
            throw new IllegalArgumentException("ruleSyntax: V1 (expected: V2 or V3)");
        }
    }

    /** Settings for the v3 layout: rules without {@code ruleSyntax} are v3 rules. */
    public DiscoverySettings(String node, boolean exposedByDefault, DefaultRule defaultRule,
            AddressPolicy addressPolicy) {
        this(node, exposedByDefault, defaultRule, addressPolicy, RuleSyntax.V3);
    }

    /** Traefik's defaults: exposed by default, rule {@code Host(`{{name}}`)}. */
    public static DiscoverySettings defaults(String node, AddressPolicy addressPolicy) {
        return new DiscoverySettings(node, true, DefaultRule.TRAEFIK, addressPolicy);
    }

    public DiscoverySettings withExposedByDefault(boolean exposed) {
        return new DiscoverySettings(node, exposed, defaultRule, addressPolicy, ruleSyntax);
    }

    public DiscoverySettings withDefaultRule(DefaultRule rule) {
        return new DiscoverySettings(node, exposedByDefault, rule, addressPolicy, ruleSyntax);
    }

    public DiscoverySettings withRuleSyntax(RuleSyntax syntax) {
        return new DiscoverySettings(node, exposedByDefault, defaultRule, addressPolicy, syntax);
    }
}
