package io.kvroute.agent.cli;

import com.google.common.net.InetAddresses;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.DockerEndpoint;
import io.kvroute.agent.docker.DockerSourceException;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.DockerDiscovery;
import io.kvroute.agent.runtime.HostDefaults;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.rule.RuleSyntax;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** What the agent discovers and how it names it: the flags {@code agent} and {@code standalone} share. */
public final class DiscoveryOptions {
    static final String DEFAULT_DOCKER_ENDPOINT = "unix:///var/run/docker.sock";

    @Option(names = "--node-name", paramLabel = "N",
            description = "This host's name in server ids: lower-case letters, digits, '-' (default: the host name, "
                    + "lower-cased, other characters folded to '-').")
    String nodeName;

    @Option(names = "--host-ip", paramLabel = "IP",
            description = "This host's address as the proxies reach it, for published and host-network ports "
                    + "(default: the source address of the default route).")
    String hostIp;

    @Option(names = "--docker", description = "Publish this host's Docker containers.")
    boolean docker;

    @Option(names = "--docker.endpoint", paramLabel = "unix:///PATH|tcp://HOST:PORT",
            description = "Docker engine to watch; implies --docker (default: $DOCKER_HOST, else "
                    + DEFAULT_DOCKER_ENDPOINT + ").")
    String dockerEndpoint;

    @Option(names = "--docker.tls.certdir", paramLabel = "DIR",
            description = "Directory with ca.pem, cert.pem and key.pem for a tcp:// engine with TLS (default: "
                    + "$DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is set).")
    Path dockerTlsCertDir;

    @Option(names = "--docker.network", paramLabel = "NAME",
            description = "Prefer each container's address on this Docker network.")
    String dockerNetwork;

    @Option(names = "--exposed-by-default", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "true",
            description = "Publish containers without traefik.enable=true (default: ${DEFAULT-VALUE}).")
    boolean exposedByDefault;

    @Option(names = "--default-rule", paramLabel = "TEMPLATE", defaultValue = "Host(`{{name}}`)",
            description = "Rule of routers that declare none; {{name}} is the service name, {{node}} the node name "
                    + "(default: ${DEFAULT-VALUE}).")
    String defaultRule;

    @Option(names = "--services", paramLabel = "FILE",
            description = "YAML file of static services (name, rule, servers with url and weight, healthCheck), "
                    + "reloaded when it changes. Missing or invalid at start: exit 1 with the file, line and what "
                    + "was expected. An invalid edit later keeps the last good services and is reported (log, "
                    + "/health, the dashboard's Problems) until fixed.")
    Path services;

    @Option(names = "--services.optional", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "false",
            description = "Start even when the --services file is missing or invalid: no static services until it "
                    + "is valid (default: ${DEFAULT-VALUE}).")
    boolean servicesOptional;

    /** True when something is to be discovered: Docker ({@code --docker}, {@code --docker.endpoint}) or a services file. */
    public boolean discoversAnything() {
        return dockerEnabled() || services != null;
    }

    private boolean dockerEnabled() {
        return docker || dockerEndpoint != null;
    }

    /**
     * {@code --node-name}, else this host's name folded to a node name.
     *
     * @throws IllegalArgumentException naming {@code --node-name} and what a node name may hold
     */
    public String nodeName() {
        String node = nodeName != null ? nodeName : fromHost(HostDefaults::nodeName);
        try {
            return ServerId.requireNodeName(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^node name: ", "--node-name: "), e);
        }
    }

    /**
     * What these flags publish. Docker's containers are reached on {@code --host-ip}, else {@code hostIpFallback}, else
     * the address of the default route. {@code --default-rule} must be a v1 rule or one in {@code layoutSyntax}, the
     * syntax the layout reads routers without {@code ruleSyntax} in.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    public DiscoverySources sources(Optional<String> hostIpFallback, RuleSyntax layoutSyntax) {
        Optional<String> hostIp = hostIp(hostIpFallback);
        Optional<DockerEndpoint> endpoint = dockerEndpoint();
        DefaultRule rule = new DefaultRule(defaultRule).readIn(layoutSyntax);
        Optional<String> network = AddressPolicy.requireNetworkName(Optional.ofNullable(dockerNetwork));
        Optional<DockerDiscovery> docker = endpoint.map(engine -> new DockerDiscovery(engine,
                new AddressPolicy(network, hostIp.orElseThrow()), exposedByDefault));
        if (servicesOptional && services == null) {
            throw new IllegalArgumentException("--services.optional: given without --services (expected: "
                    + "--services=FILE with it)");
        }
        return new DiscoverySources(docker, Optional.ofNullable(services), servicesOptional, rule);
    }

    /** {@code --host-ip}, else (only when Docker is watched) the address of the default route, else {@code fallback}. */
    private Optional<String> hostIp(Optional<String> fallback) {
        if (hostIp != null) {
            if (!InetAddresses.isInetAddress(hostIp.trim())) {
                throw new IllegalArgumentException("--host-ip: '" + hostIp
                        + "' (expected: an IP address such as 10.0.0.7)");
            }
            return Optional.of(hostIp.trim());
        }
        if (fallback.isPresent() || !dockerEnabled()) {
            return fallback;
        }
        return Optional.of(fromHost(HostDefaults::hostIp));
    }

    private Optional<DockerEndpoint> dockerEndpoint() {
        if (!dockerEnabled()) {
            return Optional.empty();
        }
        String environment = System.getenv("DOCKER_HOST");
        boolean fromEnvironment = dockerEndpoint == null && environment != null && !environment.isBlank();
        String value = dockerEndpoint != null ? dockerEndpoint : fromEnvironment ? environment : DEFAULT_DOCKER_ENDPOINT;
        try {
            return Optional.of(DockerEndpoint.parse(value, tlsCertDir()));
        } catch (DockerSourceException e) {
            throw new IllegalArgumentException((fromEnvironment ? "DOCKER_HOST" : "--docker.endpoint") + ": "
                    + e.getMessage().replaceFirst("^docker endpoint: ", ""), e);
        }
    }

    private Optional<Path> tlsCertDir() {
        if (dockerTlsCertDir != null) {
            return Optional.of(dockerTlsCertDir);
        }
        String verify = System.getenv("DOCKER_TLS_VERIFY");
        String certPath = System.getenv("DOCKER_CERT_PATH");
        return verify != null && !verify.isBlank() && certPath != null && !certPath.isBlank()
                ? Optional.of(Path.of(certPath)) : Optional.empty();
    }

    private static String fromHost(Supplier<String> detected) {
        try {
            return detected.get();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
