package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TcpConfig;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.UdpConfig;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One decode of a root: Traefik's view as JSON ({@code http}, {@code tcp}, {@code udp} and {@code tls} for v2/v3
 * keys, {@code backends}/{@code frontends} for v1 keys), the typed HTTP model of both, the {@code tls} section with its
 * certificates loaded and checked, the typed {@code tcp} and {@code udp} sections, every problem found (decode,
 * semantic, TLS and rule problems, keys in full), and which layouts were present. The JSON is a private copy: callers
 * must not change it. A configuration kept per entity puts its JSON together only when it is asked for (the API,
 * {@code kv decode}), not with every change. Immutable; equal when all seven parts are.
 */
public final class DecodedConfig {
    private final Supplier<ObjectNode> traefikJson;
    private final HttpConfig model;
    private final TlsConfig tls;
    private final TcpConfig tcp;
    private final UdpConfig udp;
    private final List<Problem> problems;
    private final Set<Layout> layouts;

    public DecodedConfig(ObjectNode traefikJson, HttpConfig model, TlsConfig tls, List<Problem> problems,
            Set<Layout> layouts) {
        this(traefikJson, model, tls, TcpConfig.empty(), UdpConfig.empty(), problems, layouts);
    }

    public DecodedConfig(ObjectNode traefikJson, HttpConfig model, TlsConfig tls, TcpConfig tcp, UdpConfig udp,
            List<Problem> problems, Set<Layout> layouts) {
        this(constant(requireNonNull(traefikJson, "traefikJson")), model, tls, tcp, udp, problems, layouts);
    }

    /** A decode without a {@code tls} section: what the proxy, which serves no TLS yet, builds its routing from. */
    public DecodedConfig(ObjectNode traefikJson, HttpConfig model, List<Problem> problems, Set<Layout> layouts) {
        this(traefikJson, model, TlsConfig.empty(), problems, layouts);
    }

    private DecodedConfig(Supplier<ObjectNode> traefikJson, HttpConfig model, TlsConfig tls, TcpConfig tcp,
            UdpConfig udp, List<Problem> problems, Set<Layout> layouts) {
        this.traefikJson = traefikJson;
        this.model = requireNonNull(model, "model");
        this.tls = requireNonNull(tls, "tls");
        this.tcp = requireNonNull(tcp, "tcp");
        this.udp = requireNonNull(udp, "udp");
        this.problems = List.copyOf(problems);
        this.layouts = Set.copyOf(layouts);
    }

    /**
     * A decode whose JSON is put together by {@code traefikJson} each time it is asked for (it must not fail): not kept,
     * so that what the proxy holds per configuration is its model, not a tree as large as it besides (the web
     * listener's redaction asks once per configuration, {@code kv decode} once).
     */
    static DecodedConfig withJsonOnDemand(Supplier<ObjectNode> traefikJson, HttpConfig model, TlsConfig tls,
            TcpConfig tcp, UdpConfig udp, List<Problem> problems, Set<Layout> layouts) {
        return new DecodedConfig(requireNonNull(traefikJson, "traefikJson"), model, tls, tcp, udp, problems, layouts);
    }

    /** This decode with another model (the proxy's, with routers it still holds), its JSON as it is. */
    public DecodedConfig withModel(HttpConfig other) {
        return other == model ? this : new DecodedConfig(traefikJson, other, tls, tcp, udp, problems, layouts);
    }

    public ObjectNode traefikJson() {
        return traefikJson.get();
    }

    public HttpConfig model() {
        return model;
    }

    public TlsConfig tls() {
        return tls;
    }

    /** The {@code tcp} section (empty for v1 keys, which have none). */
    public TcpConfig tcp() {
        return tcp;
    }

    /** The {@code udp} section (empty for v1 keys, which have none). */
    public UdpConfig udp() {
        return udp;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Set<Layout> layouts() {
        return layouts;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof DecodedConfig that && model.equals(that.model) && tls.equals(that.tls)
                && tcp.equals(that.tcp) && udp.equals(that.udp) && problems.equals(that.problems) && layouts.equals(that.layouts)
                && traefikJson().equals(that.traefikJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(traefikJson(), model, tls, tcp, udp, problems, layouts);
    }

    @Override
    public String toString() {
        return "DecodedConfig[traefikJson=" + traefikJson() + ", model=" + model + ", tls=" + tls + ", tcp=" + tcp + ", udp=" + udp + ", problems="
                + problems + ", layouts=" + layouts + "]";
    }

    private static Supplier<ObjectNode> constant(ObjectNode json) {
        return () -> json;
    }
}
