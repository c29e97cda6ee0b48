package io.kvroute.kv.rule;

/** The two rule languages Traefik stores in a router's or frontend's {@code rule} key. */
public enum RuleSyntax {
    /** Traefik v1 frontend routes: {@code Host:a.com,b.com;PathPrefix:/x}. */
    V1,
    /**
     * Traefik v3 router rules: {@code Host(`a.com`) && PathPrefix(`/x`)}. Traefik v2 rules parse with this syntax too;
     * their multi-argument forms such as {@code Host(`a`,`b`)} become an OR of single-argument matches.
     */
    V3
}
