package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.DockerEndpoint;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a running agent is told by its command line ({@code kvroute agent}, see CLI.md).
 *
 * @param node              {@code --node-name}: owns the server ids {@code <node>--...}
 * @param layout            {@code --layout}: the Traefik version the keys are written for
 * @param prefix            {@code --prefix}: the root key, e.g. {@code traefik}
 * @param v1LeadingSlash    whether v1 keys start with {@code /} ({@code /traefik/backends/...}, as Traefik 1.x
 *                          reads them from etcd v3) rather than without (Consul)
 * @param hostIp            {@code --host-ip}: this host's address as the proxies see it; needed with Docker
 * @param ttl               {@code --ttl}: the lease TTL, how long the keys outlive a crash
 * @param docker            {@code --docker} / {@code --docker.endpoint}: the engine to watch, when Docker is enabled
 * @param dockerNetwork     {@code --docker.network}: the network whose container address is preferred
 * @param exposedByDefault  {@code --exposed-by-default}
 * @param defaultRule       {@code --default-rule}
 * @param servicesFile      {@code --services}: the static services file, when given
 * @param drainGrace        {@code --drain-grace}: how long drained servers stay (weight 0) before their keys go
 * @param healthAddress     {@code --health.address}: where {@code /health} and {@code /metrics} listen (port 0:
 *                          any free port)
 * @param reconcileInterval {@code --reconcile-interval}: the periodic backstop reconcile
 */
public record AgentSettings(String node, Layout layout, String prefix, boolean v1LeadingSlash,
        Optional<String> hostIp, Duration ttl, Optional<DockerEndpoint> docker, Optional<String> dockerNetwork,
        boolean exposedByDefault, DefaultRule defaultRule, Optional<Path> servicesFile, Duration drainGrace,
        InetSocketAddress healthAddress, Duration reconcileInterval) {

    /** The default {@code --health.address}. */
    public static final InetSocketAddress DEFAULT_HEALTH_ADDRESS = new InetSocketAddress("127.0.0.1", 8082);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);

    public AgentSettings {
        try {
            ServerId.requireNodeName(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^node name: ", "--node-name: "), e);
        }
        requireNonNull(layout, "layout");
        requireNonNull(prefix, "prefix");
        if (prefix.replace("/", "").isBlank()) {
            throw new IllegalArgumentException("--prefix: \"" + prefix + "\" (expected: a root key such as traefik)");
        }
        requireNonNull(hostIp, "hostIp");
        if (hostIp.isPresent() && hostIp.get().isBlank()) {
            throw new IllegalArgumentException("--host-ip: \"\" (expected: an IP address)");
        }
        requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--ttl: " + ttl.toMillis() + "ms (expected: >= 1s)");
        }
        requireNonNull(docker, "docker");
        requireNonNull(dockerNetwork, "dockerNetwork");
        if (docker.isPresent() && hostIp.isEmpty()) {
            throw new IllegalArgumentException("--host-ip: none (expected: this host's IP address, needed with --docker)");
        }
        if (dockerNetwork.isPresent() && dockerNetwork.get().isBlank()) {
            throw new IllegalArgumentException("--docker.network: \"\" (expected: a network name)");
        }
        requireNonNull(defaultRule, "defaultRule");
        requireNonNull(servicesFile, "servicesFile");
        requireNonNull(drainGrace, "drainGrace");
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("--drain-grace: " + drainGrace.toMillis() + "ms (expected: >= 0s)");
        }
        requireNonNull(healthAddress, "healthAddress");
        requireNonNull(reconcileInterval, "reconcileInterval");
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("--reconcile-interval: " + reconcileInterval.toMillis()
                    + "ms (expected: > 0s)");
        }
    }

    /**
     * CLI.md's defaults for {@code node}: v3 under {@code traefik} with v1 keys rooted at {@code /traefik} (etcd), no
     * Docker, no services file, TTL 15 s, drain grace 5 s, health on 127.0.0.1:8082, reconcile every 30 s.
     */
    public static AgentSettings defaults(String node) {
        return new AgentSettings(node, Layout.V3, "traefik", true, Optional.empty(), DEFAULT_TTL, Optional.empty(),
                Optional.empty(), true, DefaultRule.TRAEFIK, Optional.empty(), DEFAULT_DRAIN_GRACE,
                DEFAULT_HEALTH_ADDRESS, DEFAULT_RECONCILE_INTERVAL);
    }

    public AgentSettings withLayout(Layout newLayout) {
        return new AgentSettings(node, newLayout, prefix, v1LeadingSlash, hostIp, ttl, docker, dockerNetwork,
                exposedByDefault, defaultRule, servicesFile, drainGrace, healthAddress, reconcileInterval);
    }

    public AgentSettings withPrefix(String newPrefix) {
        return new AgentSettings(node, layout, newPrefix, v1LeadingSlash, hostIp, ttl, docker, dockerNetwork,
                exposedByDefault, defaultRule, servicesFile, drainGrace, healthAddress, reconcileInterval);
    }

    public AgentSettings withTtl(Duration newTtl) {
        return new AgentSettings(node, layout, prefix, v1LeadingSlash, hostIp, newTtl, docker, dockerNetwork,
                exposedByDefault, defaultRule, servicesFile, drainGrace, healthAddress, reconcileInterval);
    }

    /** Docker enabled on {@code endpoint}, with {@code hostIp} as this host's address. */
    public AgentSettings withDocker(DockerEndpoint endpoint, String newHostIp) {
        return new AgentSettings(node, layout, prefix, v1LeadingSlash, Optional.of(newHostIp), ttl,
                Optional.of(endpoint), dockerNetwork, exposedByDefault, defaultRule, servicesFile, drainGrace,
                healthAddress, reconcileInterval);
    }

    public AgentSettings withServicesFile(Path file) {
        return new AgentSettings(node, layout, prefix, v1LeadingSlash, hostIp, ttl, docker, dockerNetwork,
                exposedByDefault, defaultRule, Optional.of(file), drainGrace, healthAddress, reconcileInterval);
    }

    public AgentSettings withDrainGrace(Duration grace) {
        return new AgentSettings(node, layout, prefix, v1LeadingSlash, hostIp, ttl, docker, dockerNetwork,
                exposedByDefault, defaultRule, servicesFile, grace, healthAddress, reconcileInterval);
    }

    public AgentSettings withHealthAddress(InetSocketAddress address) {
        return new AgentSettings(node, layout, prefix, v1LeadingSlash, hostIp, ttl, docker, dockerNetwork,
                exposedByDefault, defaultRule, servicesFile, drainGrace, address, reconcileInterval);
    }

    /** The prefix without surrounding slashes: {@code traefik}. */
    public String rootKey() {
        return prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    /** Where {@code DesiredStateBuilder} writes. */
    public BuildSettings buildSettings() {
        return new BuildSettings(node, layout, rootKey(), v1Root());
    }

    /** The one prefix every key of this agent lies under: {@code traefik/}, or {@code /traefik/} for v1 on etcd. */
    public String watchedPrefix() {
        return (layout == Layout.V1 ? v1Root() : rootKey()) + "/";
    }

    private String v1Root() {
        return (v1LeadingSlash ? "/" : "") + rootKey();
    }
}
