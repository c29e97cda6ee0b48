package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses TCP router rules as Traefik's TCP muxer reads them (v3 syntax; the grammar and quoting of HTTP v3 rules):
 * matcher names in the spellings Traefik's parser registers (as written, lower case, upper case, capitalized), exactly
 * one argument each, and each argument checked as Traefik checks it when it adds the route: {@code HostSNI} takes
 * {@code *} or a host name or IP (optionally {@code *.}-prefixed), {@code HostSNIRegexp} an ASCII regular expression,
 * {@code ClientIP} an IP or CIDR range, {@code ALPN} any protocol but {@code acme-tls/1}.
 */
public final class TcpRuleParser extends V3Expressions<TcpRule> {
    private static final Map<String, TcpRule.Matcher> SPELLINGS = Arrays.stream(TcpRule.Matcher.values())
            .flatMap(m -> Stream.of(m.name(), m.name().toLowerCase(Locale.ROOT), m.name().toUpperCase(Locale.ROOT),
                    m.name().substring(0, 1) + m.name().substring(1).toLowerCase(Locale.ROOT))
                    .distinct().map(spelling -> Map.entry(spelling, m)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    private static final Pattern HOST_OR_IP = Pattern.compile(
            "^(\\*\\.)?[\\p{Alnum}_.\\-:]+$");

    private TcpRuleParser(String text) {
        super(new SourceText(text));
    }

    /**
     * The rule of {@code text}.
     *
     * @throws RuleSyntaxException naming the column and what was expected
     */
    public static TcpRule parse(String text) {
        return new TcpRuleParser(text).whole();
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
