package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.AddressSelection.Chosen;
import io.kvroute.agent.docker.AddressSelection.Refused;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Chooses where a container's server is reachable, deterministically and with a reason, in this precedence:
 * <ol>
 *   <li>the {@code kvroute.address} label: {@code HOST:PORT}, or a bare {@code HOST} used with the container port;</li>
 *   <li>the container's address on the {@code --docker.network} network, with the container port;</li>
 *   <li>the host port Docker published for the container port on {@code --host-ip} (a port published on
 *       {@code 0.0.0.0} or {@code ::} counts as published on the host IP);</li>
 *   <li>for {@code --network host} containers, the host IP with the container port;</li>
 *   <li>without {@code --docker.network}, the address on the container's only network.</li>
 * </ol>
 * The container port is the declared port (from labels such as {@code kvroute.port} or {@code VIRTUAL_PORT},
 * parsed by the caller), else the container's only exposed TCP port. A container on several networks with no
 * network chosen, or on none of the chosen one, is refused rather than guessed.
 */
public final class AddressSelector {
    /** The per-container override label. */
    public static final String ADDRESS_LABEL = "kvroute.address";

    private static final String PORT_LABELS =
            "kvroute.port, traefik.port, traefik.http.services.S.loadbalancer.server.port or VIRTUAL_PORT";

    private AddressSelector() {
    }

    /**
     * @param container    the inspected container
     * @param policy       {@code --docker.network} and {@code --host-ip}
     * @param declaredPort the port the container's labels or env declare, if any
     */
    public static AddressSelection select(ContainerInfo container, AddressPolicy policy, OptionalInt declaredPort) {
        return select(container, policy, declaredPort, "tcp");
    }

    /**
     * As {@link #select(ContainerInfo, AddressPolicy, OptionalInt)} for a server speaking {@code protocol}
     * ({@code tcp} or {@code udp}): the port published, or the only one exposed, is one of that protocol.
     */
    public static AddressSelection select(ContainerInfo container, AddressPolicy policy, OptionalInt declaredPort,
            String protocol) {
        requireNonNull(container, "container");
        requireNonNull(policy, "policy");
        requireNonNull(declaredPort, "declaredPort");
        String who = "container " + container.name();
        if (declaredPort.isPresent() && (declaredPort.getAsInt() < 1 || declaredPort.getAsInt() > 65535)) {
            return new Refused(who + ": declared port " + declaredPort.getAsInt() + " (expected: 1..65535)");
        }
        PortChoice port = containerPort(container, declaredPort, protocol);
        String label = container.labels().get(ADDRESS_LABEL);
        if (label != null) {
            return fromLabel(who, label, port);
        }
        Optional<String> chosenNetwork = policy.dockerNetwork();
        if (chosenNetwork.isPresent()) {
            String ip = container.networks().getOrDefault(chosenNetwork.get(), "");
            if (!ip.isEmpty()) {
                return port.refusal(who + ": on network '" + chosenNetwork.get() + "' (--docker.network) at " + ip)
                        .orElseGet(() -> new Chosen(ip, port.number(), AddressSource.NAMED_NETWORK,
                                who + ": address " + ip + " on network '" + chosenNetwork.get()
                                        + "' (--docker.network), " + port.describe()));
            }
        }
        if (port.known()) {
            Optional<AddressSelection> published = fromPublishedPort(who, container, port, policy.hostIp());
            if (published.isPresent()) {
                return published.get();
            }
        }
        if (container.isHostNetwork()) {
            return port.refusal(who + ": uses the host network, which publishes no ports")
                    .orElseGet(() -> new Chosen(policy.hostIp(), port.number(), AddressSource.HOST_NETWORK,
                            who + ": host network, host IP " + policy.hostIp() + " (--host-ip), " + port.describe()));
        }
        return fromOnlyNetwork(who, container, policy, port);
    }

    private static AddressSelection fromLabel(String who, String value, PortChoice port) {
        String text = value.trim();
        String invalid = who + ": label " + ADDRESS_LABEL + "=\"" + value + "\" (expected: HOST, HOST:PORT or [IPv6]:PORT)";
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return new Refused(invalid);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return new Refused(invalid);
                }
                portText = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            portText = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
        }
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            return new Refused(invalid);
        }
        if (portText == null) {
            return port.refusal(who + ": label " + ADDRESS_LABEL + "=" + value + " names no port")
                    .orElseGet(() -> new Chosen(host, port.number(), AddressSource.LABEL,
                            who + ": label " + ADDRESS_LABEL + "=" + value + ", " + port.describe()));
        }
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            return new Refused(invalid);
        }
        return new Chosen(host, Integer.parseInt(portText), AddressSource.LABEL,
                who + ": label " + ADDRESS_LABEL + "=" + value);
    }

    private static Optional<AddressSelection> fromPublishedPort(String who, ContainerInfo container, PortChoice port, String hostIp) {
        List<HostBinding> bindings = container.publishedPorts().getOrDefault(port.port().orElseThrow(), List.of());
        for (HostBinding binding : bindings) {
            if (binding.hostIp().equals(hostIp)) {
                return Optional.of(new Chosen(hostIp, binding.hostPort(), AddressSource.PUBLISHED_PORT,
                        who + ": " + port.describe() + " published on " + binding + " (--host-ip)"));
            }
        }
        for (HostBinding binding : bindings) {
            if (binding.isWildcard()) {
                return Optional.of(new Chosen(hostIp, binding.hostPort(), AddressSource.PUBLISHED_PORT,
                        who + ": " + port.describe() + " published on " + binding
                                + " (every address), so on host IP " + hostIp + " (--host-ip)"));
            }
        }
        return Optional.empty();
    }

    private static AddressSelection fromOnlyNetwork(String who, ContainerInfo container, AddressPolicy policy, PortChoice port) {
        String notPublished = notPublishedText(container, port, policy.hostIp());
        if (container.networkMode().startsWith("container:")) {
            return new Refused(who + ": shares the network of " + container.networkMode()
                    + " and " + notPublished + "; set the " + ADDRESS_LABEL + " label");
        }
        Map<String, String> candidates = container.networks().entrySet().stream()
                .filter(network -> !network.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String candidateNames = candidates.isEmpty() ? "none" : String.join(", ", new TreeSet<>(candidates.keySet()));
        if (policy.dockerNetwork().isPresent()) {
            return new Refused(who + ": not on network '" + policy.dockerNetwork().get() + "' (--docker.network; its networks: "
                    + candidateNames + ") and " + notPublished + "; attach it to that network, publish the port or set the "
                    + ADDRESS_LABEL + " label");
        }
        if (candidates.size() > 1) {
            return new Refused(who + ": on several networks (" + candidateNames + ") and no --docker.network chosen, and "
                    + notPublished + "; choose one with --docker.network or set the " + ADDRESS_LABEL + " label");
        }
        if (candidates.isEmpty()) {
            return new Refused(who + ": has no network address (network mode '" + container.networkMode() + "') and "
                    + notPublished + "; publish the port or set the " + ADDRESS_LABEL + " label");
        }
        Map.Entry<String, String> only = candidates.entrySet().iterator().next();
        return port.refusal(who + ": on network '" + only.getKey() + "' at " + only.getValue())
                .orElseGet(() -> new Chosen(only.getValue(), port.number(), AddressSource.ONLY_NETWORK,
                        who + ": address " + only.getValue() + " on its only network '" + only.getKey() + "', " + port.describe()));
    }

    private static String notPublishedText(ContainerInfo container, PortChoice port, String hostIp) {
        if (!port.known()) {
            return "its port is unknown (" + port.problem() + ")";
        }
        List<HostBinding> bindings = container.publishedPorts().getOrDefault(port.port().orElseThrow(), List.of());
        if (bindings.isEmpty()) {
            return "publishes no host port for " + port.port().orElseThrow();
        }
        return "publishes " + port.port().orElseThrow() + " only on "
                + bindings.stream().map(HostBinding::toString).collect(Collectors.joining(", "))
                + ", not on host IP " + hostIp;
    }

    private static PortChoice containerPort(ContainerInfo container, OptionalInt declaredPort, String protocol) {
        if (declaredPort.isPresent()) {
            return new PortChoice(Optional.of(new ContainerPort(declaredPort.getAsInt(), protocol)), "declared", "");
        }
        List<ContainerPort> exposed = container.exposedPorts().stream()
                .filter(port -> port.protocol().equals(protocol)).toList();
        if (exposed.size() == 1) {
            return new PortChoice(Optional.of(exposed.get(0)), "its only exposed port", "");
        }
        if (exposed.isEmpty()) {
            return new PortChoice(Optional.empty(), "", "no port declared (" + PORT_LABELS + ") and none exposed");
        }
        return new PortChoice(Optional.empty(), "", "no port declared (" + PORT_LABELS + ") and several exposed: "
                + exposed.stream().map(ContainerPort::toString).collect(Collectors.joining(", ")));
    }

    /** The container port to use, or why there is none. */
    private record PortChoice(Optional<ContainerPort> port, String origin, String problem) {
        boolean known() {
            return port.isPresent();
        }

        int number() {
            return port.orElseThrow().port();
        }

        String describe() {
            return "container port " + port.orElseThrow() + " (" + origin + ")";
        }

        /** A refusal saying {@code context} but the port is unknown; empty when the port is known. */
        Optional<AddressSelection> refusal(String context) {
            return port.isEmpty() ? Optional.of(new Refused(context + ", but " + problem)) : Optional.empty();
        }
    }
}
