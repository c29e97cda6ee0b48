package io.kvroute.agent.services;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.agent.discovery.Declaration;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.discovery.Origin;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One validated services-file entry: a service (and router) name, an optional rule (default: {@code --default-rule}),
 * entry points, priority, pass-host-header, servers and an optional health check.
 */
public record StaticService(String name, Optional<String> rule, List<String> entryPoints, long priority,
        Optional<Boolean> passHostHeader, List<StaticServer> servers, Optional<HealthCheck> healthCheck) {
    public StaticService {
        requireNonNull(name, "name");
        requireNonNull(rule, "rule");
        entryPoints = List.copyOf(requireNonNull(entryPoints, "entryPoints"));
        requireNonNull(passHostHeader, "passHostHeader");
        servers = List.copyOf(requireNonNull(servers, "servers"));
        requireNonNull(healthCheck, "healthCheck");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: none for service " + name + " (expected: at least one)");
        }
    }

    /**
     * This entry as a {@link Declaration}: one router and one load-balanced service named {@code name}, servers named
     * {@code <name>-<host>-<port>} (stable when entries move in the file). Its rule is a v1 rule when it has no
     * {@code (}, else in {@code ruleSyntax}, the layout's ({@link RuleSyntax#V2} for {@code --layout=v2}).
     */
    public Declaration toDeclaration(DefaultRule defaultRule, String node, RuleSyntax ruleSyntax) {
        String routerRule = rule.orElseGet(() -> defaultRule.render(name, node));
        RuleSyntax syntax = RuleParser.detectSyntax(routerRule) == RuleSyntax.V1 ? RuleSyntax.V1 : ruleSyntax;
        Router router = new Router(name, routerRule, syntax, ImmutableSortedMap.of(), name,
                entryPoints, List.of(), priority, Optional.empty(), Optional.empty(), RawSettings.empty());
        List<Server> declared = servers.stream()
                .map(server -> new Server(name + "-" + server.url().getHost() + "-" + server.port(),
                        server.url().toString(), OptionalLong.of(server.weight()), false))
                .toList();
        LoadBalancerService service = LoadBalancerService.of(name, declared)
                .withPassHostHeader(passHostHeader.orElse(true))
                .withHealthCheck(healthCheck);
        return new Declaration(Origin.servicesFile(name), HttpConfig.of(List.of(router), List.of(service), List.of()),
                List.of(), List.of());
    }
}
