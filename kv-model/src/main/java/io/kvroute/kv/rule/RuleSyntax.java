package io.kvroute.kv.rule;

/** The rule languages Traefik stores in a router's or frontend's {@code rule} key. */
public enum RuleSyntax {
    /** Traefik v1 frontend routes: {@code Host:a.com,b.com;PathPrefix:/x}. */
    V1,
    /**
     * Traefik v2 router rules, read by Traefik v3 for a router with {@code ruleSyntax=v2} (its {@code matcher_v2.go}):
     * the v3 grammar, but {@code HostRegexp}, {@code Path} and {@code PathPrefix} take gorilla/mux templates
     * ({@code {sub:[a-z]+}.a.com}), matchers take lists ({@code Host(`a`,`b`)} is an OR, {@code Headers(`k1`,`v1`,
     * `k2`,`v2`)} and {@code Query(`a=1`,`b=2`)} an AND of pairs), and the v3-only matchers do not exist.
     */
    V2,
    /**
     * Traefik v3 router rules: {@code Host(`a.com`) && PathPrefix(`/x`)}; the syntax of a router without
     * {@code ruleSyntax=v2}.
     */
    V3;

    /** The syntax Traefik v3 reads a router's rule with: {@link #V2} for exactly {@code v2}, {@link #V3} otherwise. */
    public static RuleSyntax ofRouter(String ruleSyntax) {
        return ofRouter(ruleSyntax, V3);
    }

    /**
     * The syntax of a router's rule when routers without {@code ruleSyntax} default to {@code defaultSyntax} (Traefik
     * v3's {@code core.defaultRuleSyntax}; {@link #V2} for a store written for Traefik v2): {@code defaultSyntax} for
     * no or an empty value, {@link #V2} for exactly {@code v2}, {@link #V3} for any other value (Traefik's parser
     * falls back to v3 for a syntax it does not know).
     */
    public static RuleSyntax ofRouter(String ruleSyntax, RuleSyntax defaultSyntax) {
        if (defaultSyntax == V1) {
            throw new IllegalArgumentException("defaultSyntax: V1 (expected: V2 or V3)");
        }
        if (ruleSyntax == null || ruleSyntax.isEmpty()) {
            return defaultSyntax;
        }
        return "v2".equals(ruleSyntax) ? V2 : V3;
    }
}
