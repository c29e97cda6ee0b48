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
        return "v2".equals(ruleSyntax) ? V2 : V3;
    }
}
