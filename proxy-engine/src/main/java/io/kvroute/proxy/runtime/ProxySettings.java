package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.ForwardingPolicy;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.tls.TlsStack;
import io.kvroute.proxy.udp.UdpEntryPoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the proxy serves: its entry points (name to listen address), the root key it reads, and its HTTP limits.
 *
 * @param requestTimeout   longest a proxied request may take before the client gets 504
 * @param connectRetries   how many other servers a failed connect of an idempotent request is retried on
 * @param maxHeaderBytes   largest request head accepted (431 beyond)
 * @param maxBodyBytes     largest request body accepted (413 beyond), -1 for no limit
 * @param shutdownGrace    how long a stop waits for requests in flight
 * @param entryPointOptions how each entry point treats paths and headers, by entry point name; an entry point not
 *                         named here gets {@link EntryPointOptions#DEFAULT}
 * @param forwarding       the default servers transport's timeouts and the passive timeout policy
 * @param tlsStack         the TLS implementation of the TLS entry points
 * @param udpEntryPoints   the UDP entry points ({@code --entrypoints.NAME.address=:PORT/udp}), by name; their names
 *                         differ from those of the (TCP) entry points. As in Traefik, either kind may be absent (a
 *                         proxy of UDP entry points only serves no HTTP or TCP router), not both
 * @param ruleSyntax       the syntax of the rule of an HTTP router without {@code ruleSyntax} ({@code --layout}):
 *                         {@link RuleSyntax#V3}, or {@link RuleSyntax#V2} for a store written for Traefik v2 (Traefik
 *                         v3's {@code core.defaultRuleSyntax}); a router's {@code ruleSyntax} still decides its own
 */
public record ProxySettings(
        Map<String, InetSocketAddress> entryPoints,
        String prefix,
        Duration requestTimeout,
        int connectRetries,
        int maxHeaderBytes,
        long maxBodyBytes,
        Duration shutdownGrace,
        Map<String, EntryPointOptions> entryPointOptions,
        ForwardingPolicy forwarding,
        TlsStack tlsStack,
        Map<String, UdpEntryPoint> udpEntryPoints,
        RuleSyntax ruleSyntax) {

    public ProxySettings {
        entryPoints = Map.copyOf(new TreeMap<>(requireNonNull(entryPoints, "entryPoints")));
        requireNonNull(prefix, "prefix");
        requireNonNull(requestTimeout, "requestTimeout");
        requireNonNull(shutdownGrace, "shutdownGrace");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("request timeout: " + requestTimeout + " (expected: > 0)");
        }
        if (connectRetries < 0 || connectRetries > 10) {
            throw new IllegalArgumentException("connect retries: " + connectRetries + " (expected: 0-10)");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max header size: " + maxHeaderBytes + " (expected: >= 1024)");
        }
        requireNonNull(forwarding, "forwarding");
        requireNonNull(tlsStack, "tlsStack");
        entryPointOptions = Map.copyOf(requireNonNull(entryPointOptions, "entryPointOptions"));
        if (requireNonNull(ruleSyntax, "ruleSyntax") == RuleSyntax.V1) {
            throw new IllegalArgumentException("rule syntax: V1 (expected: V3 or V2, the syntax of v2/v3 routers)");
        }
        udpEntryPoints = Map.copyOf(new TreeMap<>(requireNonNull(udpEntryPoints, "udpEntryPoints")));
        if (entryPoints.isEmpty() && udpEntryPoints.isEmpty()) {
            throw new IllegalArgumentException("entry points: none (expected: at least one --entrypoints.NAME.address)");
        }
        for (String name : udpEntryPoints.keySet()) {
            if (entryPoints.containsKey(name)) {
                throw new IllegalArgumentException("entry point " + name + ": both a TCP and a UDP address "
                        + "(expected: one address per entry point)");
            }
        }
        for (String name : entryPointOptions.keySet()) {
            if (!entryPoints.containsKey(name)) {
                throw new IllegalArgumentException("options for entry point " + name + ", which has no address "
                        + "(expected: --entrypoints." + name + ".address as well)");
            }
        }
    }

    /** Settings whose routers without {@code ruleSyntax} have v3 rules. */
    public ProxySettings(Map<String, InetSocketAddress> entryPoints, String prefix, Duration requestTimeout,
            int connectRetries, int maxHeaderBytes, long maxBodyBytes, Duration shutdownGrace,
            Map<String, EntryPointOptions> entryPointOptions, ForwardingPolicy forwarding, TlsStack tlsStack,
            Map<String, UdpEntryPoint> udpEntryPoints) {
        this(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes, shutdownGrace,
                entryPointOptions, forwarding, tlsStack, udpEntryPoints, RuleSyntax.V3);
    }

    /** Settings without UDP entry points. */
    public ProxySettings(Map<String, InetSocketAddress> entryPoints, String prefix, Duration requestTimeout,
            int connectRetries, int maxHeaderBytes, long maxBodyBytes, Duration shutdownGrace,
            Map<String, EntryPointOptions> entryPointOptions, ForwardingPolicy forwarding, TlsStack tlsStack) {
        this(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes, shutdownGrace,
                entryPointOptions, forwarding, tlsStack, Map.of());
    }

    /** These settings with {@code udpEntryPoints} as the UDP entry points. */
    public ProxySettings withUdpEntryPoints(Map<String, UdpEntryPoint> udpEntryPoints) {
        return new ProxySettings(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes,
                shutdownGrace, entryPointOptions, forwarding, tlsStack, udpEntryPoints, ruleSyntax);
    }

    /** These settings with {@code syntax} as the syntax of routers without {@code ruleSyntax}. */
    public ProxySettings withRuleSyntax(RuleSyntax syntax) {
        return new ProxySettings(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes,
                shutdownGrace, entryPointOptions, forwarding, tlsStack, udpEntryPoints, syntax);
    }

    /** Settings with the {@link TlsStack#preferred() preferred} TLS implementation. */
    public ProxySettings(Map<String, InetSocketAddress> entryPoints, String prefix, Duration requestTimeout,
            int connectRetries, int maxHeaderBytes, long maxBodyBytes, Duration shutdownGrace,
            Map<String, EntryPointOptions> entryPointOptions, ForwardingPolicy forwarding) {
        this(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes, shutdownGrace,
                entryPointOptions, forwarding, TlsStack.preferred());
    }

    /** Settings with {@link ForwardingPolicy#DEFAULT}. */
    public ProxySettings(Map<String, InetSocketAddress> entryPoints, String prefix, Duration requestTimeout,
            int connectRetries, int maxHeaderBytes, long maxBodyBytes, Duration shutdownGrace,
            Map<String, EntryPointOptions> entryPointOptions) {
        this(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes, shutdownGrace,
                entryPointOptions, ForwardingPolicy.DEFAULT);
    }

    /** Settings whose entry points all have {@link EntryPointOptions#DEFAULT}. */
    public ProxySettings(Map<String, InetSocketAddress> entryPoints, String prefix, Duration requestTimeout,
            int connectRetries, int maxHeaderBytes, long maxBodyBytes, Duration shutdownGrace) {
        this(entryPoints, prefix, requestTimeout, connectRetries, maxHeaderBytes, maxBodyBytes, shutdownGrace,
                Map.of());
    }

    /** The TLS entry points, with the TLS settings their {@code http.tls} gives routers that set none. */
    public Map<String, RouterTls> tlsEntryPoints() {
        Map<String, RouterTls> tls = new TreeMap<>();
        entryPointOptions.forEach((name, options) -> options.tls().ifPresent(t -> tls.put(name, t)));
        return tls;
    }

    /** How entry point {@code name} treats paths and headers. */
    public EntryPointOptions options(String name) {
        return entryPointOptions.getOrDefault(name, EntryPointOptions.DEFAULT);
    }

    /** One entry point {@code web} on {@code address}, defaults for the rest. */
    public static ProxySettings of(String prefix, Map<String, InetSocketAddress> entryPoints) {
        return new ProxySettings(entryPoints, prefix, Duration.ofSeconds(60), 2, 64 * 1024, 64L * 1024 * 1024,
                Duration.ofSeconds(10));
    }
}
