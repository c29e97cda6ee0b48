package io.kvroute.kv.model;

/** Which rule language a router's rule is written in: Traefik 1.x ({@code Host:a;Path:/x}) or v2/v3 matchers. */
public enum RuleSyntax {
    /** Traefik 1.x frontend route rules, {@code Matcher:arg,arg} joined with {@code ;}. */
    V1,
    /** Traefik v2/v3 rules, {@code Host(`a`) && PathPrefix(`/x`)}. */
    V3
}
