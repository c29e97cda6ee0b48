package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HttpConfig;
import java.util.List;

/**
 * What one source declares: routers, services and middlewares in kvroute's model, where each load-balanced
 * service's servers are this source's servers, their {@link io.kvroute.kv.model.Server#id() ids} being instance
 * names ({@code web-1-8080}) that {@link DeclarationEncoder} turns into per-node server ids. Rules keep the syntax
 * they were declared in (v1 labels give v1 rules). {@code addressReasons} explain each address choice (one line per
 * distinct port) and {@code warnings} what was ignored; the agent logs both once per source. {@code transport} holds
 * the source's TCP and UDP routes ({@code traefik.tcp.*} / {@code traefik.udp.*} labels), none for other sources.
 */
public record Declaration(Origin origin, HttpConfig config, List<String> addressReasons, List<String> warnings,
        TransportRoutes transport) {
    public Declaration {
        requireNonNull(origin, "origin");
        requireNonNull(config, "config");
        addressReasons = List.copyOf(requireNonNull(addressReasons, "addressReasons"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings"));
        requireNonNull(transport, "transport");
    }

    /** A declaration of HTTP routes only. */
    public Declaration(Origin origin, HttpConfig config, List<String> addressReasons, List<String> warnings) {
        this(origin, config, addressReasons, warnings, TransportRoutes.none());
    }
}
