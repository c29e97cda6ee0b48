package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses TCP router rules as Traefik's TCP muxer reads them (the grammar and quoting of HTTP v3 rules): matcher names
 * in the spellings Traefik's parser registers (as written, lower case, upper case, capitalized), and each argument
 * checked as Traefik checks it when it adds the route. In the v3 syntax ({@link #parse}) each matcher takes exactly one
 * argument: {@code HostSNI} {@code *} or a host name or IP (optionally {@code *.}-prefixed), {@code HostSNIRegexp} an
 * ASCII regular expression, {@code ClientIP} an IP or CIDR range, {@code ALPN} any protocol but {@code acme-tls/1}. In
 * the v2 syntax ({@link #parseV2}, Traefik's {@code matcher_v2.go}) each takes one or more: {@code HostSNI} {@code *}
 * or host names and IPs of word characters, dots, dashes and colons (no {@code *.} wildcard), {@code HostSNIRegexp}
 * {@code {name:regex}} host templates, {@code ClientIP} and {@code ALPN} as in v3; no argument may be empty.
 */
public final class TcpRuleParser extends V3Expressions<TcpRule> {
    private static final Map<String, TcpRule.Matcher> SPELLINGS = Arrays.stream(TcpRule.Matcher.values())
            .flatMap(m -> Stream.of(m.name(), m.name().toLowerCase(Locale.ROOT), m.name().toUpperCase(Locale.ROOT),
                    m.name().substring(0, 1) + m.name().substring(1).toLowerCase(Locale.ROOT))
                    .distinct().map(spelling -> Map.entry(spelling, m)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    private static final Pattern HOST_OR_IP = Pattern.compile(
            "^(\\*\\.)?[\\p{Alnum}_.\\-:]+$");
    /** Traefik's {@code hostOrIPv2}: {@code [[:word:].-:]+}, ASCII. */
    private static final Pattern HOST_OR_IP_V2 = Pattern.compile("^[A-Za-z0-9_.\\-:]+$");

    private final boolean v2;

    private TcpRuleParser(String text, boolean v2) {
        super(new SourceText(text));
        this.v2 = v2;
    }

    /**
     * The rule of {@code text}.
     *
     * @throws RuleSyntaxException naming the column and what was expected
     */
    public static TcpRule parse(String text) {
        return new TcpRuleParser(text, false).whole();
    }

    /**
     * The rule of {@code text} in Traefik's v2 TCP syntax ({@code ruleSyntax=v2}).
     *
     * @throws RuleSyntaxException naming the column and what was expected
     */
    public static TcpRule parseV2(String text) {
        return new TcpRuleParser(text, true).whole();
    }

    @Override
    TcpRule either(TcpRule left, TcpRule right) {
        return new TcpRule.Either(left, right);
    }

    @Override
    TcpRule both(TcpRule left, TcpRule right) {
        return new TcpRule.Both(left, right);
    }

    @Override
    TcpRule negated(TcpRule operand) {
        return new TcpRule.Negated(operand);
    }

    @Override
    TcpRule call() {
        V3Token name = current;
        TcpRule.Matcher matcher = Optional.ofNullable(SPELLINGS.get(name.text())).orElseThrow(() -> source.error(
                name.offset(), name.text(), "unknown TCP matcher '" + name.text() + "' (expected one of HostSNI, "
                        + "HostSNIRegexp, ClientIP, ALPN)"));
        advance();
        if (!current.is(Kind.LPAREN)) {
            throw unexpected("expected '(' after matcher name '" + name.text() + "'");
        }
        advance();
        if (v2) {
            return v2Call(name, matcher);
        }
        if (!current.is(Kind.STRING)) {
            throw unexpected("expected a quoted argument (`...` or \"...\")");
        }
        V3Token argument = current;
        advance();
        if (!current.is(Kind.RPAREN)) {
            throw source.error(name.offset(), name.text(), matcher + " expects exactly 1 argument");
        }
        advance();
        check(matcher, argument).ifPresent(reason -> {
            throw source.error(argument.offset(), argument.text(), reason);
        });
        return new TcpRule.Call(matcher, argument.value());
    }

    private TcpRule v2Call(V3Token name, TcpRule.Matcher matcher) {
        List<ParsedArg> arguments = arguments();
        if (arguments.isEmpty()) {
            throw source.error(name.offset(), name.text(), matcher + " expects at least 1 argument, got 0");
        }
        for (ParsedArg argument : arguments) {
            checkV2(matcher, argument.value()).ifPresent(reason -> {
                throw source.error(argument.offset(), argument.token(), reason);
            });
        }
        return new TcpRule.V2Call(matcher, arguments.stream().map(ParsedArg::value).toList());
    }

    private static Optional<String> checkV2(TcpRule.Matcher matcher, String value) {
        if (value.isEmpty()) {
            return Optional.of("empty argument for " + matcher + " matcher");
        }
        return switch (matcher) {
            case HostSNI -> value.equals("*") || HOST_OR_IP_V2.matcher(value).matches() ? Optional.empty()
                    : Optional.of("invalid value for HostSNI matcher, \"" + value + "\" is not a valid hostname or IP");
            case HostSNIRegexp -> MuxTemplateCheck.problem(value).map(why -> "invalid pattern value for HostSNIRegexp "
                    + "matcher, \"" + value + "\" is not a valid pattern: " + why);
            case ClientIP -> IpRangeCheck.problem(value);
            case ALPN -> value.equals("acme-tls/1")
                    ? Optional.of("invalid protocol value for ALPN matcher, \"acme-tls/1\" is not allowed")
                    : Optional.empty();
        };
    }

    private static Optional<String> check(TcpRule.Matcher matcher, V3Token argument) {
        String value = argument.value();
        return switch (matcher) {
            case HostSNI -> value.equals("*") || HOST_OR_IP.matcher(value).matches() ? Optional.empty()
                    : Optional.of("invalid value for HostSNI matcher, \"" + value + "\" is not a valid hostname");
            case HostSNIRegexp -> value.chars().allMatch(c -> c < 0x80) ? RegexCheck.problem(value)
                    : Optional.of("invalid value for HostSNIRegexp matcher, \"" + value + "\" is not a valid hostname");
            case ClientIP -> IpRangeCheck.problem(value);
            case ALPN -> value.equals("acme-tls/1")
                    ? Optional.of("invalid protocol value for ALPN matcher, \"acme-tls/1\" is not allowed")
                    : Optional.empty();
        };
    }
}
