package io.kvroute.proxy.tls;

import io.kvroute.kv.rule.And;
import io.kvroute.kv.rule.Match;
import io.kvroute.kv.rule.Matcher;
import io.kvroute.kv.rule.Or;
import io.kvroute.kv.rule.Rule;
import io.kvroute.kv.rule.RuleExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host names a rule's {@code Host} matchers name, lower case, as Traefik's {@code ParseDomains} collects them to
 * pick TLS options by SNI; a negated {@code Host} names no host the router serves.
 */
public final class RuleHosts {
    private RuleHosts() {
    }

    public static List<String> of(Rule rule) {
        List<String> hosts = new ArrayList<>();
        collect(rule.expr(), hosts);
        return List.copyOf(hosts);
    }

    /**
     * Whether {@code rule} matches only requests whose {@code Host} is one of the names {@link #of} collects: a
     * {@code Host} call confines, an {@code &&} with one confined side does, an {@code ||} only when both sides do,
     * and nothing else (a negation, {@code HostRegexp}, a rule without {@code Host}). A TLS connection to a name
     * outside them gets the {@code default} options, so a router that is not confined is reached over those too.
     */
    public static boolean confined(Rule rule) {
        return confined(rule.expr());
    }

    private static boolean confined(RuleExpr expr) {
        if (expr instanceof And and) {
            return confined(and.left()) || confined(and.right());
        }
        if (expr instanceof Or or) {
            return confined(or.left()) && confined(or.right());
        }
        return expr instanceof Match match && match.matcher() == Matcher.HOST;
    }

    private static void collect(RuleExpr expr, List<String> hosts) {
        if (expr instanceof And and) {
            collect(and.left(), hosts);
            collect(and.right(), hosts);
        } else if (expr instanceof Or or) {
            collect(or.left(), hosts);
            collect(or.right(), hosts);
        } else if (expr instanceof Match match && match.matcher() == Matcher.HOST) {
            match.args().forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT)));
        }
    }
}
