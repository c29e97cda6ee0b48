package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.agent.discovery.ContainerDiscovery;
import io.kvroute.agent.discovery.Declaration;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.discovery.DeclarationEncoder;
import io.kvroute.agent.discovery.DiscoveryOutcome;
import io.kvroute.agent.discovery.DiscoverySettings;
import io.kvroute.agent.discovery.EncodedDeclarations;
import io.kvroute.agent.discovery.Origin;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.registration.DesiredState;
import io.kvroute.agent.services.StaticService;
import io.kvroute.kv.model.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The declarations of every source this agent knows, gathered from scratch on each recompute (level-triggered) and
 * encoded as its whole desired state: every known container through {@link ContainerDiscovery}, every services-file
 * entry through {@link StaticService#toDeclaration}, then {@link DeclarationEncoder} with the draining sources
 * (nothing declared: nothing desired). Also returns what is worth logging about each source.
 */
final class SourceDeclarations {
    private final Optional<DiscoverySettings> discovery;
    private final DefaultRule defaultRule;
    private final String node;
    private final BuildSettings build;

    /** One source's log lines: {@code infos} (address choices, skips) and {@code problems} (errors, warnings). */
    record SourceReport(String subject, List<String> infos, List<String> problems) {
        SourceReport {
            requireNonNull(subject, "subject");
            infos = List.copyOf(infos);
            problems = List.copyOf(problems);
        }
    }

    /** The desired state with the encoding's problems, and one report per container plus one for the encoding. */
    record Computation(EncodedDeclarations encoded, List<SourceReport> reports) {
        Computation {
            requireNonNull(encoded, "encoded");
            reports = List.copyOf(reports);
        }
    }

    /** The subject of the build's own problems (conflicting declarations, rules the layout cannot express). */
    static final String BUILD_SUBJECT = "desired state";

    SourceDeclarations(Optional<DiscoverySettings> discovery, DefaultRule defaultRule, String node,
            BuildSettings build) {
        this.discovery = requireNonNull(discovery, "discovery");
        this.defaultRule = requireNonNull(defaultRule, "defaultRule");
        this.node = requireNonNull(node, "node");
        this.build = requireNonNull(build, "build");
    }

    static SourceDeclarations of(AgentSettings settings) {
        DefaultRule defaultRule = settings.discovery().defaultRule();
        Optional<DiscoverySettings> discovery = settings.discovery().docker().map(docker -> new DiscoverySettings(
                settings.node(), docker.exposedByDefault(), defaultRule, docker.addresses(),
                settings.buildSettings().ruleSyntax()));
        return new SourceDeclarations(discovery, defaultRule, settings.node(), settings.buildSettings());
    }

    /**
     * @param containers   the running containers
     * @param drainingIds  ids of containers whose servers are drained
     * @param services     the services file's services
     * @param drainAll     drain every source (the clean stop)
     */
    Computation compute(Collection<ContainerInfo> containers, Set<String> drainingIds, List<StaticService> services,
            boolean drainAll) {
        List<Declaration> declarations = new ArrayList<>();
        List<SourceReport> reports = new ArrayList<>();
        Set<Origin> draining = new HashSet<>();
        if (discovery.isPresent()) {
            for (ContainerInfo container : containers) {
                DiscoveryOutcome outcome = ContainerDiscovery.discover(container, discovery.get());
                String subject = "container " + container.name() + " (" + container.shortId() + ")";
                if (outcome instanceof DiscoveryOutcome.Declared declared) {
                    declarations.add(declared.declaration());
                    reports.add(new SourceReport(subject, declared.declaration().addressReasons(),
                            declared.declaration().warnings()));
                } else if (outcome instanceof DiscoveryOutcome.Skipped skipped) {
                    reports.add(new SourceReport(subject, List.of(skipped.reason()), List.of()));
                } else if (outcome instanceof DiscoveryOutcome.Failed failed) {
                    List<String> problems = new ArrayList<>(failed.errors());
                    problems.addAll(failed.warnings());
                    reports.add(new SourceReport(subject, List.of(), problems));
                }
                if (drainAll || drainingIds.contains(container.id())) {
                    draining.add(outcome.origin());
                }
            }
        }
        for (StaticService service : services) {
            Declaration declaration = service.toDeclaration(defaultRule, node, build.ruleSyntax());
            declarations.add(declaration);
            if (drainAll) {
                draining.add(declaration.origin());
            }
        }
        EncodedDeclarations encoded = declarations.isEmpty()
                ? new EncodedDeclarations(DesiredState.empty(), List.of())
                : DeclarationEncoder.encode(declarations, build, draining);
        reports.add(new SourceReport(BUILD_SUBJECT, List.of(),
                encoded.problems().stream().map(Problem::toLine).toList()));
        return new Computation(encoded, reports);
    }
}
