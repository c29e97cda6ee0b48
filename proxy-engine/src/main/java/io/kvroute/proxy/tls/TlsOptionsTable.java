package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.RouterTls;

import io.kvroute.kv.model.ClientAuth;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsOptions;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every set of TLS options of one configuration, compiled, by name, with {@code default} always present (Traefik's
 * defaults when not configured: TLS 1.2 to 1.3, the JDK's cipher suites, h2 and http/1.1, no client
 * authentication). {@link #refusal} says why a router naming options cannot be served with them.
 */
public final class TlsOptionsTable {
    /** Traefik's options when none named {@code default} are configured. */
    static final TlsOptions TRAEFIK_DEFAULT = new TlsOptions(RouterTls.DEFAULT_OPTIONS, "", "", List.of(), List.of(),
            ClientAuth.none(), false, List.of(ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1, TlsAlpnChallengeAnswer.ACME_TLS_1), false, Optional.empty());

    private final Map<String, CompiledOptions> options;
    private final Map<String, List<String>> errors;

    TlsOptionsTable(Map<String, CompiledOptions> options, Map<String, List<String>> errors) {
        this.options = Map.copyOf(options);
        this.errors = Map.copyOf(errors);
    }

    /**
     * Compiles {@code configured}, reusing what {@code previous} compiled from equal options (their session caches
     * survive a configuration change).
     *
     * @param problems the decode's problems; options named by an error are refused with it
     * @param stack    the TLS implementation engines come from
     */
    static TlsOptionsTable compile(Map<String, TlsOptions> configured, List<Problem> problems,
            TlsOptionsTable previous, SniKeyManager keys, TlsStack stack) {
        Map<String, TlsOptions> all = new LinkedHashMap<>(configured);
        all.putIfAbsent(RouterTls.DEFAULT_OPTIONS, TRAEFIK_DEFAULT);
        Map<String, CompiledOptions> compiled = new LinkedHashMap<>();
        all.forEach((name, options) -> {
            CompiledOptions before = previous.options.get(name);
            compiled.put(name, before != null && before.options().equals(options) ? before
                    : CompiledOptions.compile(options, keys.withSniStrict(options.sniStrict()), stack));
        });
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (Problem problem : problems) {
            problem.entity().filter(e -> problem.isError() && e.kind() == EntityRef.Kind.TLS_OPTIONS)
                    .ifPresent(e -> errors.computeIfAbsent(e.name(), n -> new ArrayList<>())
                            .add(problem.key() + ": " + problem.reason()));
        }
        return new TlsOptionsTable(compiled, errors);
    }

    static TlsOptionsTable empty() {
        return new TlsOptionsTable(Map.of(), Map.of());
    }

    /**
     * Why options {@code name} cannot be served: unknown, configured with errors, or asking what the JDK cannot do
     * per connection; empty when they can.
     */
    public Optional<String> refusal(String name) {
        CompiledOptions compiled = options.get(name);
        if (compiled == null) {
            return Optional.of("unknown TLS options " + name + " (expected: options defined under tls/options, or "
                    + "default)");
        }
        if (errors.containsKey(name)) {
            return Optional.of("TLS options " + name + " have errors: " + String.join("; ", errors.get(name)));
        }
        if (!compiled.usable()) {
            return Optional.of("TLS options " + name + " cannot be applied: " + String.join("; ",
                    compiled.unusable()));
        }
        return Optional.empty();
    }

    /**
     * Whether a connection given options {@code given} gets what a router naming {@code wanted} asks for: the same
     * name, or options configured alike but for their name and the ineffective {@code preferServerCipherSuites}.
     * Unknown names ({@code given} null) are never alike.
     */
    public boolean sameEffect(String wanted, String given) {
        if (wanted.equals(given)) {
            return true;
        }
        CompiledOptions a = options.get(wanted);
        CompiledOptions b = given == null ? null : options.get(given);
        return a != null && b != null && alike(a, b);
    }

    /** Whether {@code a} and {@code b} are configured alike but for their name (see {@link #sameEffect}). */
    static boolean alike(CompiledOptions a, CompiledOptions b) {
        return a == b || effect(a.options()).equals(effect(b.options()));
    }

    private static TlsOptions effect(TlsOptions options) {
        return new TlsOptions("", options.minVersion(), options.maxVersion(), options.cipherSuites(),
                options.curvePreferences(), options.clientAuth(), options.sniStrict(), options.alpnProtocols(),
                options.disableSessionTickets(), Optional.empty());
    }

    /** The options {@code name}, when they can be served. */
    Optional<CompiledOptions> usable(String name) {
        return refusal(name).isEmpty() ? Optional.of(options.get(name)) : Optional.empty();
    }
}
