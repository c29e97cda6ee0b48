package io.kvroute.proxy.tcp;

import io.kvroute.kv.rule.TcpRule;
import io.kvroute.proxy.routing.GoRegex;
import io.kvroute.proxy.routing.IpRange;
import io.kvroute.proxy.routing.MuxTemplate;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A parsed TCP rule as a predicate over {@link TcpConnectionFacts}, with Traefik's matcher semantics
 * ({@code pkg/muxer/tcp/matcher.go}): {@code HostSNI(`*`)} matches every connection, with or without a server name;
 * {@code HostSNI(`a.example.com`)} a server name equal to it ignoring case (a trailing dot dropped), and
 * {@code HostSNI(`*.example.com`)} one whose first label is anything; {@code HostSNIRegexp} a server name the Go
 * regular expression finds a match in (an empty name too); {@code ClientIP} a client in the address or range;
 * {@code ALPN} a connection offering the protocol. A matcher of the v2 syntax ({@link TcpRule.V2Call},
 * {@code pkg/muxer/tcp/matcher_v2.go}) matches when any of its arguments does: {@code HostSNI} a server name equal to
 * one of the hosts ignoring case (or to it without its trailing dot), {@code *} first any connection and {@code *}
 * after another host any connection with a server name; {@code HostSNIRegexp} a whole server name (an empty name too)
 * one of the {@code {name:regex}} templates matches, ignoring case ({@link MuxTemplate#hostSni}); {@code ClientIP} a
 * client in one of the ranges; {@code ALPN} a connection offering one of the protocols.
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
        if (rule instanceof TcpRule.V2Call call) {
            return v2(call.matcher(), call.arguments());
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

    private static Predicate<TcpConnectionFacts> v2(TcpRule.Matcher matcher, List<String> arguments) {
        return switch (matcher) {
            case HostSNI -> hostSniV2(arguments);
            case HostSNIRegexp -> {
                List<Pattern> templates = arguments.stream().map(MuxTemplate::hostSni).toList();
                yield facts -> {
                    String name = facts.serverName().orElse("");
                    return templates.stream().anyMatch(template -> template.matcher(name).matches());
                };
            }
            case ClientIP -> {
                List<IpRange> ranges = arguments.stream().map(IpRange::parse).toList();
                yield facts -> ranges.stream().anyMatch(range -> range.contains(facts.client()));
            }
            case ALPN -> facts -> facts.alpnProtocols().stream().anyMatch(arguments::contains);
        };
    }

    private static Predicate<TcpConnectionFacts> hostSniV2(List<String> arguments) {
        if (arguments.get(0).equals("*")) {
            return facts -> true;
        }
        List<String> hosts = arguments.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        return facts -> facts.serverName().map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty() && hosts.stream().anyMatch(host -> host.equals("*")
                        || host.equals(name) || withoutTrailingDot(host).equals(name)))
                .isPresent();
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static Predicate<TcpConnectionFacts> hostSni(String argument) {
        if (argument.equals("*")) {
            return facts -> true;
        }
        String expression = withoutTrailingDot(argument);
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
