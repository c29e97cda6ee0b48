package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A router's middleware references resolved as Traefik resolves them: a {@code chain} is expanded into its
 * {@code middlewares}, recursively, in place; a member without {@code @provider} is the chain's provider's (here,
 * the store's). A reference that cannot be resolved (missing, excluded, another provider's, a chain that contains
 * itself) is a reason naming it and, inside a chain, the chain; the router must not serve (fail closed).
 *
 * <pre>{@code
 * // secured: chain [https-only, known-ips]; router middlewares [secured, compress]
 * MiddlewareResolution.of(List.of("secured", "compress"), usable, configured)
 * // applied [https-only, known-ips, compress], dependsOn [secured, https-only, known-ips, compress], no reasons
 * }</pre>
 *
 * @param applied   the middlewares a request goes through, in order, chains expanded
 * @param reasons   why the references cannot be resolved; empty when they all are
 * @param dependsOn every middleware name the resolution read (chains, their members, missing ones): when one of
 *                  them changes, the resolution must be worked out again
 */
record MiddlewareResolution(List<Middleware> applied, List<String> reasons, List<String> dependsOn) {
    /** Traefik's type name of a chain. */
    static final String CHAIN = "chain";
    /**
     * The most references a router's middlewares may expand to, chains and members counted: chains of chains could
     * otherwise multiply without end.
     */
    static final int MAX_REFERENCES = 1_000;

    MiddlewareResolution {
        applied = List.copyOf(applied);
        reasons = List.copyOf(reasons);
        dependsOn = List.copyOf(dependsOn);
    }

    /**
     * Resolves {@code references} (as the router lists them) against the {@code usable} middlewares by name;
     * {@code configured} says whether a name not usable exists (excluded) or not.
     */
    static MiddlewareResolution of(List<String> references, Map<String, Middleware> usable,
            Map<String, Middleware> configured) {
        Resolver resolver = new Resolver(requireNonNull(usable, "usable"), requireNonNull(configured, "configured"));
        for (String reference : requireNonNull(references, "references")) {
            resolver.resolve(reference, new ArrayList<>());
        }
        return new MiddlewareResolution(resolver.applied, List.copyOf(resolver.reasons), List.copyOf(resolver.dependsOn));
    }

    /** The members a chain lists, or empty when its {@code middlewares} is not a list of names. */
    private static Optional<List<String>> members(OpaqueMiddleware chain) {
        JsonNode list = chain.settings().toJson().get("middlewares");
        List<String> members = new ArrayList<>();
        if (list == null) {
            return Optional.of(members);
        }
        if (!list.isArray()) {
            return Optional.empty();
        }
        for (JsonNode member : list) {
            if (!member.isTextual()) {
                return Optional.empty();
            }
            members.add(member.textValue());
        }
        return Optional.of(members);
    }

    private static final class Resolver {
        private final Map<String, Middleware> usable;
        private final Map<String, Middleware> configured;
        private final List<Middleware> applied = new ArrayList<>();
        private final Set<String> reasons = new LinkedHashSet<>();
        private final Set<String> dependsOn = new LinkedHashSet<>();
        private int references;

        Resolver(Map<String, Middleware> usable, Map<String, Middleware> configured) {
            this.usable = usable;
            this.configured = configured;
        }

        /** Resolves {@code text}, listed by the chains of {@code within} (outermost first; none: by the router). */
        void resolve(String text, List<String> within) {
            if (++references > MAX_REFERENCES) {
                if (references == MAX_REFERENCES + 1) {
                    reasons.add("middlewares: the chains expand to more than " + MAX_REFERENCES + " references");
                }
                return;
            }
            String subject = within.isEmpty() ? "middleware"
                    : "middleware chain " + within.get(within.size() - 1) + ": member";
            Reference reference = Reference.parse(text);
            Optional<String> foreign = reference.foreignReason(subject);
            if (foreign.isPresent()) {
                reasons.add(foreign.get());
                return;
            }
            String name = reference.name();
            dependsOn.add(name);
            if (within.contains(name)) {
                reasons.add(subject + " " + name + " makes a cycle: " + String.join(" -> ", within) + " -> " + name);
                return;
            }
            Middleware middleware = usable.get(name);
            if (middleware == null) {
                reasons.add(configured.containsKey(name) ? subject + " " + name + " is excluded"
                        : subject + " " + text + " does not exist");
                return;
            }
            if (!(middleware instanceof OpaqueMiddleware chain) || !chain.type().equals(CHAIN)) {
                applied.add(middleware);
                return;
            }
            Optional<List<String>> members = members(chain);
            if (members.isEmpty()) {
                reasons.add("middleware chain " + name + ": middlewares (expected: a list of middleware names)");
                return;
            }
            within.add(name);
            for (int i = 0; i < members.get().size() && references <= MAX_REFERENCES; i++) {
                resolve(members.get().get(i), within);
            }
            within.remove(within.size() - 1);
        }
    }
}
