package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.OptionalInt;

/**
 * What a container's routes default to when its labels leave them open: the service name ({@code kvroute.name},
 * else Traefik's: the Compose service and project, else the container name, normalised), the port and weight from
 * {@code kvroute.*} labels, and the rule ({@code kvroute.rule}, else the {@code --default-rule} template), in
 * {@code layoutSyntax} (the syntax of rules whose router names no {@code ruleSyntax}) unless it is a v1 rule.
 */
record RouteDefaults(String serviceName, OptionalInt port, long weight, KvrouteLabels kvroute, DefaultRule defaultRule,
        String node, RuleSyntax layoutSyntax) {
    static final String COMPOSE_SERVICE = "com.docker.compose.service";
    static final String COMPOSE_PROJECT = "com.docker.compose.project";

    RouteDefaults {
        requireNonNull(serviceName, "serviceName");
        requireNonNull(port, "port");
        requireNonNull(kvroute, "kvroute");
        requireNonNull(defaultRule, "defaultRule");
        requireNonNull(node, "node");
        requireNonNull(layoutSyntax, "layoutSyntax");
    }

    /** The rule for a router of service {@code name} that declares none. */
    String rule(String name) {
        return kvroute.rule().orElseGet(() -> defaultRule.render(name, node));
    }

    /** The syntax of {@link #rule} for a router without {@code ruleSyntax}: {@code kvroute.rule} may be a v1 rule. */
    RuleSyntax ruleSyntax(String name) {
        return ruleSyntax(name, layoutSyntax);
    }

    /**
     * The syntax of {@link #rule} for a router whose rule is read in {@code routerSyntax} (its {@code ruleSyntax}
     * label, else the layout's), as Traefik reads a default rule in its router's syntax; a v1 rule stays one.
     */
    RuleSyntax ruleSyntax(String name, RuleSyntax routerSyntax) {
        return RuleParser.detectSyntax(rule(name)) == RuleSyntax.V1 ? RuleSyntax.V1 : routerSyntax;
    }

    ServerSpec server(String scheme) {
        return new ServerSpec(port, scheme, weight);
    }
}
