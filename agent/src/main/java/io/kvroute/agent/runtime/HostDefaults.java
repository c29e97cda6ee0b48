package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.ServerId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's defaults taken from the host: the node name ({@code --node-name}) from the host name, and the host IP
 * ({@code --host-ip}) as the source address of the default route.
 */
public final class HostDefaults {
    /**
     * A public address to ask the kernel's routing table about. Connecting a UDP socket only selects the route and
     * the source address; nothing is sent. An IP literal: no name lookup either.
     */
    static final InetSocketAddress PUBLIC_PROBE = new InetSocketAddress("8.8.8.8", 53);

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");
    private static final int MAX_NODE_NAME = 63;

    private HostDefaults() {
    }

    /**
     * The source address the kernel chooses for traffic to a public address, i.e. along the default route.
     *
     * @throws IllegalStateException asking for {@code --host-ip} when there is no default route
     */
    public static String hostIp() {
        return sourceAddressTowards(PUBLIC_PROBE).orElseThrow(() -> new IllegalStateException(
                "--host-ip: this host has no default route to take its address from (expected: --host-ip IP, "
                        + "the address the proxies reach this host on)"));
    }

    /** The local address a UDP socket connected to {@code target} gets; empty when there is no usable route. */
    static Optional<String> sourceAddressTowards(InetSocketAddress target) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            InetAddress local = ((InetSocketAddress) channel.getLocalAddress()).getAddress();
            if (local.isAnyLocalAddress() || local.isLoopbackAddress() || local.isLinkLocalAddress()) {
                return Optional.empty();
            }
            return Optional.of(local.getHostAddress());
        } catch (IOException | RuntimeException noRoute) {
            return Optional.empty();
        }
    }

    /**
     * This host's name as a node name.
     *
     * @throws IllegalStateException asking for {@code --node-name} when the host name gives none
     */
    public static String nodeName() {
        String hostName = hostName();
        return nodeNameOf(hostName).orElseThrow(() -> new IllegalStateException("--node-name: the host name '"
                + hostName + "' gives no node name (expected: --node-name N, lower-case letters, digits and '-')"));
    }

    /**
     * {@code hostName} lower-cased, every run of other characters than {@code [a-z0-9]} folded to one {@code -},
     * leading characters up to the first letter dropped, at most 63 characters: {@code Web_01.example.com} gives
     * {@code web-01-example-com}. Empty when no letter remains.
     */
    static Optional<String> nodeNameOf(String hostName) {
        requireNonNull(hostName, "hostName");
        String folded = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceFirst("^[^a-z]+", "");
        if (folded.length() > MAX_NODE_NAME) {
            folded = folded.substring(0, MAX_NODE_NAME);
        }
        folded = folded.replaceFirst("-+$", "");
        if (folded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ServerId.requireNodeName(folded));
    }

    private static String hostName() {
        try {
            String kernel = Files.readString(KERNEL_HOST_NAME, StandardCharsets.UTF_8).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException notLinux) {
            // Fall back to the JDK's view below.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
