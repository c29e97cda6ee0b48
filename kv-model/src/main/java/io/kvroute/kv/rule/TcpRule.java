package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed TCP router rule: {@code HostSNI}, {@code HostSNIRegexp}, {@code ClientIP} and {@code ALPN}, combined with
 * {@code &&}, {@code ||}, {@code !} and parentheses; in Traefik's v3 TCP syntax each with one argument ({@link Call}),
 * in its v2 syntax ({@code ruleSyntax=v2}) each with a list and v2's meaning ({@link V2Call}). Parsed by
 * {@link TcpRuleParser}.
 */
public sealed interface TcpRule permits TcpRule.Call, TcpRule.V2Call, TcpRule.Both, TcpRule.Either, TcpRule.Negated {
    /** The TCP matchers, by their canonical names. */
    enum Matcher { HostSNI, HostSNIRegexp, ClientIP, ALPN }

    /** One matcher with its argument. */
    record Call(Matcher matcher, String argument) implements TcpRule {
        public Call {
            requireNonNull(matcher, "matcher");
            requireNonNull(argument, "argument");
        }
    }

    /**
     * One matcher of the v2 syntax with its arguments (at least one), read as Traefik's {@code matcher_v2.go} reads
     * them: any of the hosts ({@code *} alone first: every connection), any of the {@code {name:regex}} host templates,
     * any of the ranges, any of the protocols.
     */
    record V2Call(Matcher matcher, List<String> arguments) implements TcpRule {
        public V2Call {
            requireNonNull(matcher, "matcher");
            arguments = List.copyOf(arguments);
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("a v2 " + matcher + " needs at least one argument");
            }
        }
    }

    record Both(TcpRule left, TcpRule right) implements TcpRule {
    }

    record Either(TcpRule left, TcpRule right) implements TcpRule {
    }

    record Negated(TcpRule rule) implements TcpRule {
    }

    /** Whether the rule is exactly {@code HostSNI(`*`)}, Traefik's catch-all (priority -1 unless one is set). */
    default boolean isCatchAll() {
        if (this instanceof V2Call call) {
            return call.matcher() == Matcher.HostSNI && call.arguments().equals(List.of("*"));
        }
        return this instanceof Call call && call.matcher() == Matcher.HostSNI && call.argument().equals("*");
    }

    /** The arguments of every {@code HostSNI} of the rule, negated ones included, as Traefik's ParseHostSNI lists them. */
    default List<String> hostSniArguments() {
        if (this instanceof Call call) {
            return call.matcher() == Matcher.HostSNI ? List.of(call.argument()) : List.of();
        }
        if (this instanceof V2Call call) {
            return call.matcher() == Matcher.HostSNI ? call.arguments() : List.of();
        }
        if (this instanceof Negated negated) {
            return negated.rule().hostSniArguments();
        }
        List<String> all = new ArrayList<>();
        if (this instanceof Both both) {
            all.addAll(both.left().hostSniArguments());
            all.addAll(both.right().hostSniArguments());
        } else if (this instanceof Either either) {
            all.addAll(either.left().hostSniArguments());
            all.addAll(either.right().hostSniArguments());
        }
        return List.copyOf(all);
    }
}
