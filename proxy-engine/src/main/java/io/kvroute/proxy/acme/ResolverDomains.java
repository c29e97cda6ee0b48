package io.kvroute.proxy.acme;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.And;
import io.kvroute.kv.rule.Match;
import io.kvroute.kv.rule.Matcher;
import io.kvroute.kv.rule.Or;
import io.kvroute.kv.rule.RuleExpr;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The certificates each resolver is to order, read from the routers as Traefik reads them: a router whose
 * {@code tls.certResolver} names the resolver (or, without a {@code tls} section, that is on a TLS entry point whose
 * {@code http.tls.certResolver} names it) asks for one certificate per {@code tls.domains[n]} (main, then SANs),
 * or, without domains, one certificate for the names of its rule's {@code Host} matchers (the first the main name, the
 * others SANs; names under a {@code !} are left out). Routers asking for the same names share one certificate.
 * A name that is not a DNS name, a wildcard (HTTP-01 cannot prove one; Traefik needs the DNS challenge), or a router
 * naming a resolver that is not configured is a problem naming the router; the router's other certificates stay.
 */
public record ResolverDomains(Map<String, Set<CertificateDomains>> byResolver, List<String> problems) {
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final String RESOLVER = "certResolver";
    private static final String DOMAINS = "domains/";

    public ResolverDomains {
        Map<String, Set<CertificateDomains>> copy = new TreeMap<>();
        byResolver.forEach((name, sets) -> copy.put(name, Set.copyOf(new LinkedHashSet<>(sets))));
        byResolver = Map.copyOf(copy);
        problems = List.copyOf(problems);
    }

    public static ResolverDomains none() {
        return new ResolverDomains(Map.of(), List.of());
    }

    /** The certificates the routers of {@code config} ask of the resolvers named in {@code resolvers}. */
    public static ResolverDomains of(HttpConfig config, Set<String> resolvers) {
        return of(config, resolvers, Map.of());
    }

    /**
     * The certificates the routers of {@code config} ask of the resolvers named in {@code resolvers}, where a router
     * without a {@code tls} section takes the {@code http.tls.certResolver} of the TLS entry points it is on
     * ({@code entryPointResolvers}: entry point name to resolver name; a router naming no entry point is on all), as
     * Traefik applies an entry point's TLS settings to such routers.
     */
    public static ResolverDomains of(HttpConfig config, Set<String> resolvers,
            Map<String, String> entryPointResolvers) {
        Map<String, Set<CertificateDomains>> byResolver = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Router router : config.routers().values()) {
            for (String resolver : resolversOf(router, entryPointResolvers)) {
                if (!resolvers.contains(resolver)) {
                    problems.add("router " + router.name() + ": tls.certResolver \"" + resolver
                            + "\" is not configured (expected one of " + resolvers
                            + ", from --certificatesresolvers.NAME.acme.*)");
                    continue;
                }
                Set<CertificateDomains> sets = byResolver.computeIfAbsent(resolver, name -> new LinkedHashSet<>());
                List<List<String>> wanted = router.tls().map(ResolverDomains::tlsDomains).orElse(List.of());
                if (wanted.isEmpty()) {
                    wanted = hostNames(router, problems).map(List::of).orElse(List.of());
                }
                for (List<String> names : wanted) {
                    checked(router, names, problems).ifPresent(sets::add);
                }
            }
        }
        return new ResolverDomains(byResolver, problems);
    }

    /**
     * The certificates the routers the proxy serves ask for: those of {@code decoded} without an error (an error takes
     * a router out of routing, and nothing is ordered for a router that is not served).
     */
    public static ResolverDomains of(DecodedConfig decoded, Set<String> resolvers,
            Map<String, String> entryPointResolvers) {
        List<Router> asking = decoded.model().routers().values().stream()
                .filter(router -> !resolversOf(router, entryPointResolvers).isEmpty()).toList();
        if (asking.isEmpty()) {
            return none();
        }
        Set<EntityRef> broken = decoded.problems().stream().filter(Problem::isError)
                .flatMap(problem -> problem.entity().stream()).collect(Collectors.toSet());
        List<Router> served = asking.stream()
                .filter(router -> !broken.contains(EntityRef.router(router.name()))).toList();
        return of(HttpConfig.of(served, List.of(), List.of()), resolvers, entryPointResolvers);
    }

    /** The resolvers {@code router} asks: its own {@code tls.certResolver}, else its TLS entry points'. */
    private static Set<String> resolversOf(Router router, Map<String, String> entryPointResolvers) {
        if (router.tls().isPresent()) {
            return router.tls().flatMap(settings -> settings.get(RESOLVER)).map(RawValue::text)
                    .filter(name -> !name.isEmpty()).map(Set::of).orElse(Set.of());
        }
        Set<String> named = new TreeSet<>();
        entryPointResolvers.forEach((entryPoint, resolver) -> {
            if (router.entryPoints().isEmpty() || router.entryPoints().contains(entryPoint)) {
                named.add(resolver);
            }
        });
        return named;
    }

    /** The certificates {@code resolver} is to order. */
    public Set<CertificateDomains> of(String resolver) {
        return byResolver.getOrDefault(resolver, Set.of());
    }

    /** Each {@code tls.domains[n]}: main, then SANs, in index order. */
    private static List<List<String>> tlsDomains(RawSettings tls) {
        Map<Integer, List<String>> byIndex = new TreeMap<>();
        tls.values().forEach((path, value) -> {
            if (!path.startsWith(DOMAINS)) {
                return;
            }
            String[] segments = path.substring(DOMAINS.length()).split("/");
            if (!segments[0].matches("[0-9]{1,6}")) {
                return;
            }
            int index = Integer.parseInt(segments[0]);
            List<String> names = byIndex.computeIfAbsent(index, i -> new ArrayList<>());
            if (segments.length == 2 && segments[1].equals("main")) {
                names.add(0, value.text());
            } else if (segments.length == 3 && segments[1].equals("sans")) {
                names.add(value.text());
            }
        });
        return List.copyOf(byIndex.values());
    }

    private static Optional<List<String>> hostNames(Router router, List<String> problems) {
        try {
            List<String> names = new ArrayList<>();
            collectHosts(RuleParser.parse(router.rule(), router.syntax()).expr(), names);
            if (names.isEmpty()) {
                problems.add("router " + router.name() + ": tls.certResolver without tls.domains and without a Host "
                        + "matcher in its rule (expected Host(`name`) or tls.domains[0].main)");
                return Optional.empty();
            }
            return Optional.of(names);
        } catch (RuleSyntaxException e) {
            // The configuration's own checks report the rule and leave the router out; there is nothing to order.
            return Optional.empty();
        }
    }

    private static void collectHosts(RuleExpr expr, List<String> names) {
        if (expr instanceof And and) {
            collectHosts(and.left(), names);
            collectHosts(and.right(), names);
        } else if (expr instanceof Or or) {
            collectHosts(or.left(), names);
            collectHosts(or.right(), names);
        } else if (expr instanceof Match match && match.matcher() == Matcher.HOST) {
            names.add(match.args().get(0));
        }
    }

    private static Optional<CertificateDomains> checked(Router router, List<String> names, List<String> problems) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            if (lower.startsWith("*.")) {
                problems.add("router " + router.name() + ": \"" + name + "\" is a wildcard (expected names HTTP-01 "
                        + "can prove; wildcards need the DNS challenge, which kvroute does not offer)");
                return Optional.empty();
            }
            if (!DNS_NAME.matcher(lower).matches()) {
                problems.add("router " + router.name() + ": \"" + name + "\" is not a DNS name (expected letters, "
                        + "digits, - and . in labels of at most 63 characters)");
                return Optional.empty();
            }
            unique.add(lower);
        }
        return unique.isEmpty() ? Optional.empty() : Optional.of(new CertificateDomains(List.copyOf(unique)));
    }
}
