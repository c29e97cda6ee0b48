package io.kvroute.proxy.tcp;

import io.kvroute.kv.rule.TcpRule;
import io.kvroute.proxy.routing.GoRegex;
import io.kvroute.proxy.routing.IpRange;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A parsed TCP rule as a predicate over {@link TcpConnectionFacts}, with Traefik's matcher semantics
 * ({@code pkg/muxer/tcp/matcher.go}): {@code HostSNI(`*`)} matches every connection, with or without a server name;
 * {@code HostSNI(`a.example.com`)} a server name equal to it ignoring case (a trailing dot dropped), and
 * {@code HostSNI(`*.example.com`)} one whose first label is anything; {@code HostSNIRegexp} a server name the Go
 * regular expression finds a match in (an empty name too); {@code ClientIP} a client in the address or range;
 * {@code ALPN} a connection offering the protocol.
 */
final class TcpRuleMatch {
    private TcpRuleMatch() {
    }

    static Predicate<TcpConnectionFacts> of(TcpRule rule) {
        if (rule instanceof TcpRule.Both both) {
            return of(both.left()).and(of(both.right()));
        }
        if (rule instanceof TcpRule.Either either) {
            return of(either.left()).or(of(either.right()));
        }
        if (rule instanceof TcpRule.Negated negated) {
            return of(negated.rule()).negate();
        }
        TcpRule.Call call = (TcpRule.Call) rule;
        String argument = call.argument();
        return switch (call.matcher()) {
            case HostSNI -> hostSni(argument);
            case HostSNIRegexp -> {
                Pattern pattern = GoRegex.compile(argument);
                yield facts -> GoRegex.find(pattern, facts.serverName().orElse(""));
            }
            case ClientIP -> {
                IpRange range = IpRange.parse(argument);
                yield facts -> range.contains(facts.client());
            }
            case ALPN -> facts -> facts.alpnProtocols().contains(argument);
        };
    }

    private static Predicate<TcpConnectionFacts> hostSni(String argument) {
        if (argument.equals("*")) {
            return facts -> true;
        }
        String expression = argument.endsWith(".") ? argument.substring(0, argument.length() - 1) : argument;
        return facts -> facts.serverName().filter(name -> matchesHost(name, expression)).isPresent();
    }

    /** Traefik's {@code DomainMatchHostExpression}: equal ignoring case, or {@code *.rest} with any first label. */
    static boolean matchesHost(String serverName, String expression) {
        if (expression.startsWith("*")) {
            int dot = serverName.indexOf('.');
            String wildcarded = "*" + (dot < 0 ? "" : serverName.substring(dot));
            return wildcarded.equalsIgnoreCase(expression);
        }
        return serverName.toLowerCase(Locale.ROOT).equals(expression.toLowerCase(Locale.ROOT));
    }
}
