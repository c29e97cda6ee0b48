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
public final class TcpRuleParser {
    private static final Map<String, TcpRule.Matcher> SPELLINGS = Arrays.stream(TcpRule.Matcher.values())
            .flatMap(m -> Stream.of(m.name(), m.name().toLowerCase(Locale.ROOT), m.name().toUpperCase(Locale.ROOT),
                    m.name().substring(0, 1) + m.name().substring(1).toLowerCase(Locale.ROOT))
                    .distinct().map(spelling -> Map.entry(spelling, m)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    private static final Pattern HOST_OR_IP = Pattern.compile(
            "^(\\*\\.)?[\\p{Alnum}_.\\-:]+$");

    private final SourceText source;
    private final V3Tokenizer tokenizer;
    private V3Token current;
    private int depth;

    private TcpRuleParser(String text) {
        this.source = new SourceText(text);
        this.tokenizer = new V3Tokenizer(source);
        this.current = tokenizer.next();
    }

    /**
     * The rule of {@code text}.
     *
     * @throws RuleSyntaxException naming the column and what was expected
     */
    public static TcpRule parse(String text) {
        TcpRuleParser parser = new TcpRuleParser(text);
        if (parser.current.is(Kind.END)) {
            throw parser.source.error(0, "", "empty rule");
        }
        TcpRule rule = parser.or("");
        if (!parser.current.is(Kind.END)) {
            throw parser.unexpected("expected '&&', '||' or end of rule");
        }
        return rule;
    }

    private TcpRule or(String context) {
        TcpRule left = and(context);
        while (current.is(Kind.OR)) {
            advance();
            left = new TcpRule.Either(left, and(" after '||'"));
        }
        return left;
    }

    private TcpRule and(String context) {
        TcpRule left = unary(context);
        while (current.is(Kind.AND)) {
            advance();
            left = new TcpRule.Both(left, unary(" after '&&'"));
        }
        return left;
    }

    private TcpRule unary(String context) {
        if (current.is(Kind.IDENT)) {
            return call();
        }
        if (!current.is(Kind.NOT) && !current.is(Kind.LPAREN)) {
            throw unexpected("expected a matcher, '!' or '('" + context);
        }
        V3Token opening = current;
        if (++depth > V3RuleParser.MAX_DEPTH) {
            throw source.error(opening.offset(), opening.text(), "rule nests deeper than " + V3RuleParser.MAX_DEPTH
                    + " levels");
        }
        advance();
        TcpRule result;
        if (opening.is(Kind.NOT)) {
            result = new TcpRule.Negated(unary(" after '!'"));
        } else {
            result = or(" after '('");
            if (!current.is(Kind.RPAREN)) {
                throw unexpected("expected ')' to close '(' at column " + source.column(opening.offset()));
            }
            advance();
        }
        depth--;
        return result;
    }

    private TcpRule call() {
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

    private void advance() {
        current = tokenizer.next();
    }

    private RuleSyntaxException unexpected(String expectation) {
        return source.error(current.offset(), current.text(),
                expectation + ", found " + SourceText.describe(current.text()));
    }
}
