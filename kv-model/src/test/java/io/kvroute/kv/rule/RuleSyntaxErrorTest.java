package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleSyntaxErrorTest {
    private static final String V3_NAMES = "Host, HostRegexp, Path, PathPrefix, PathRegexp, Method, Header, "
            + "HeaderRegexp, Query, QueryRegexp, ClientIP";
    private static final String V1_NAMES = "Host, HostRegexp, Path, PathPrefix, Method, Headers, HeadersRegexp, Query, "
            + "PathStrip, PathPrefixStrip, PathStripRegex, PathPrefixStripRegex, AddPrefix, ReplacePath, "
            + "ReplacePathRegex";

    static Stream<Arguments> v3Errors() {
        return Stream.of(
                Arguments.of("", 1, "", "empty rule"),
                Arguments.of(" \t\n", 1, "", "empty rule"),
                Arguments.of("(Host(`a`)", 11, "", "expected ')' to close '(' at column 1, found end of rule"),
                Arguments.of("Host(`a`) && ((Path(`/`)) ", 27, "",
                        "expected ')' to close '(' at column 14, found end of rule"),
                Arguments.of("Host(`a.com` && Path(`/`))", 14, "&&", "expected ')' or ',' after argument, found '&&'"),
                Arguments.of("Host(`a` `b`)", 10, "`b`", "expected ')' or ',' after argument, found '`b`'"),
                Arguments.of("Host(`a`) && Host(`b`", 22, "", "expected ')' or ',' after argument, found end of rule"),
                Arguments.of("Host(`a)", 6, "`", "raw string literal not terminated (missing closing '`')"),
                Arguments.of("Host(\"a)", 6, "\"", "string literal not terminated (missing closing '\"')"),
                Arguments.of("Host(\"a\nb\")", 6, "\"", "string literal not terminated (missing closing '\"')"),
                Arguments.of("Host(`a`) &&", 13, "", "expected a matcher, '!' or '(' after '&&', found end of rule"),
                Arguments.of("Host(`a`) || ", 14, "", "expected a matcher, '!' or '(' after '||', found end of rule"),
                Arguments.of("!", 2, "", "expected a matcher, '!' or '(' after '!', found end of rule"),
                Arguments.of("()", 2, ")", "expected a matcher, '!' or '(' after '(', found ')'"),
                Arguments.of("&& Host(`a`)", 1, "&&", "expected a matcher, '!' or '(', found '&&'"),
                Arguments.of("Host(`a`) && `b`", 14, "`b`", "expected a matcher, '!' or '(' after '&&', found '`b`'"),
                Arguments.of("Host(`a`) Path(`/b`)", 11, "Path", "expected '&&', '||' or end of rule, found 'Path'"),
                Arguments.of("Host(`a`))", 10, ")", "expected '&&', '||' or end of rule, found ')'"),
                Arguments.of("Host(`a`) & Path(`/b`)", 11, "&", "unexpected '&' (did you mean '&&'?)"),
                Arguments.of("Host(`a`) | Path(`/b`)", 11, "|", "unexpected '|' (did you mean '||'?)"),
                Arguments.of("Host(`a`) == Path(`/b`)", 11, "=", "unexpected character '='"),
                Arguments.of("Host", 5, "", "expected '(' after matcher name 'Host', found end of rule"),
                Arguments.of("Host(a)", 6, "a", "expected a quoted argument (`...` or \"...\") or ')', found 'a'"),
                Arguments.of("Host(`a`,,)", 10, ",", "expected a quoted argument (`...` or \"...\") after ',', found ','"),
                Arguments.of("Hots(`a`)", 1, "Hots", "unknown matcher 'Hots' (expected one of " + V3_NAMES + ")"),
                Arguments.of("hOST(`a`)", 1, "hOST", "unknown matcher 'hOST' (expected one of " + V3_NAMES + ")"),
                Arguments.of("Host(`a`) && PathStrip(`/a`)", 14, "PathStrip",
                        "unknown matcher 'PathStrip' (expected one of " + V3_NAMES + ")"),
                Arguments.of("Header(`X`)", 1, "Header", "Header expects 2 arguments, got 1"),
                Arguments.of("header(`X`, `1`, `Y`)", 1, "header", "Header expects 2 arguments, got 3"),
                Arguments.of("Host(`a`, `b`)", 1, "Host", "Host expects 1 argument, got 2 (a Traefik v2 list: "
                        + "v3 takes one value per call, as in Host(`a`) || Host(`b`))"),
                Arguments.of("Path(`/a`) && method(`GET`, `POST`)", 15, "method", "Method expects 1 argument, got 2 "
                        + "(a Traefik v2 list: v3 takes one value per call, as in Method(`a`) || Method(`b`))"),
                Arguments.of("ClientIP(`::1`, `10.0.0.1`)", 1, "ClientIP", "ClientIP expects 1 argument, got 2 "
                        + "(a Traefik v2 list: v3 takes one value per call, as in ClientIP(`a`) || ClientIP(`b`))"),
                Arguments.of("Headers(`X`, `1`)", 1, "Headers", "unknown matcher 'Headers' (a Traefik v2 name: v3 writes "
                        + "Header; expected one of " + V3_NAMES + ")"),
                Arguments.of("HeadersRegexp(`X`, `1`)", 1, "HeadersRegexp", "unknown matcher 'HeadersRegexp' (a Traefik "
                        + "v2 name: v3 writes HeaderRegexp; expected one of " + V3_NAMES + ")"),
                Arguments.of("hostheader(`a`)", 1, "hostheader", "unknown matcher 'hostheader' (a Traefik v2 name: v3 "
                        + "writes Host; expected one of " + V3_NAMES + ")"),
                Arguments.of("Query(`a`, `b`, `c`)", 1, "Query", "Query expects 1 or 2 arguments, got 3"),
                Arguments.of("Query()", 1, "Query", "Query expects 1 or 2 arguments, got 0"),
                Arguments.of("Host()", 1, "Host", "Host expects 1 argument, got 0"),
                Arguments.of("PathRegexp(`^/a`, `^/b`)", 1, "PathRegexp", "PathRegexp expects 1 argument, got 2"),
                Arguments.of("PathRegexp(`[a-`)", 12, "`[a-`",
                        "PathRegexp argument '[a-' is not a valid regular expression: Illegal character range near index 3"),
                Arguments.of("Host(`a`) && HostRegexp(`(x`)", 25, "`(x`",
                        "HostRegexp argument '(x' is not a valid regular expression: Unclosed group near index 2"),
                Arguments.of("HeaderRegexp(`K`, `*x`)", 19, "`*x`", "HeaderRegexp argument '*x' is not a valid "
                        + "regular expression: Dangling meta character '*' near index 0"),
                Arguments.of("QueryRegexp(`k`, `a{`)", 18, "`a{`", "QueryRegexp argument 'a{' is not a valid "
                        + "regular expression: Illegal repetition near index 2"),
                Arguments.of("ClientIP(`10.0.0.0/33`)", 10, "`10.0.0.0/33`", "ClientIP argument '10.0.0.0/33' is not "
                        + "an IP address or CIDR range: prefix length '33' is not a number from 0 to 32"),
                Arguments.of("ClientIP(`::/129`)", 10, "`::/129`", "ClientIP argument '::/129' is not an IP address "
                        + "or CIDR range: prefix length '129' is not a number from 0 to 128"),
                Arguments.of("ClientIP(`10.0.0.0/`)", 10, "`10.0.0.0/`", "ClientIP argument '10.0.0.0/' is not "
                        + "an IP address or CIDR range: prefix length '' is not a number from 0 to 32"),
                Arguments.of("ClientIP(`10.0.0.256`)", 10, "`10.0.0.256`", "ClientIP argument '10.0.0.256' is not "
                        + "an IP address or CIDR range: '10.0.0.256' is not an IPv4 or IPv6 address"),
                Arguments.of("ClientIP(`localhost`)", 10, "`localhost`", "ClientIP argument 'localhost' is not "
                        + "an IP address or CIDR range: 'localhost' is not an IPv4 or IPv6 address"),
                Arguments.of("ClientIP(`010.0.0.1`)", 10, "`010.0.0.1`", "ClientIP argument '010.0.0.1' is not "
                        + "an IP address or CIDR range: '010.0.0.1' is not an IPv4 or IPv6 address"),
                Arguments.of("ClientIP(`fe80::1%eth0`)", 10, "`fe80::1%eth0`", "ClientIP argument 'fe80::1%eth0' is "
                        + "not an IP address or CIDR range: 'fe80::1%eth0' is not an IPv4 or IPv6 address"),
                Arguments.of("Path(`x`)", 6, "`x`", "Path argument 'x' must start with '/'"),
                Arguments.of("Host(`a`) && PathPrefix(\"api\")", 25, "\"api\"", "PathPrefix argument 'api' must start with '/'"),
                Arguments.of("Host(`a`) || Path(`c`)", 19, "`c`", "Path argument 'c' must start with '/'"),
                Arguments.of("Host('a')", 6, "'", "single-quoted strings are not allowed (quote arguments with ` or \")"),
                Arguments.of("Host(\"a\\qb\")", 8, "\\q", "unknown escape sequence '\\q'"),
                Arguments.of("Host(\"a\\'\")", 8, "\\'", "unknown escape sequence '\\''"),
                Arguments.of("Host(\"\\u12\")", 7, "\\u12\"", "escape needs 4 hex digits '\\u12\"'"),
                Arguments.of("Host(\"\\400\")", 7, "\\400", "octal escape value > 255 '\\400'"),
                Arguments.of("Host(\"\\ud800\")", 7, "\\ud800", "escape is an invalid Unicode code point '\\ud800'"),
                Arguments.of("Host(\"\\xff\")", 6, "\"\\xff\"", "string literal is not valid UTF-8"),
                Arguments.of("Host(`\u00e9.com`)", 6, "`\u00e9.com`",
                        "Host argument '\u00e9.com' contains non-ASCII characters (not allowed)"),
                Arguments.of("Method(`GET POST`)", 8, "`GET POST`", "Method argument 'GET POST' is not an HTTP method token"),
                Arguments.of("Host(``)", 6, "``", "Host argument must not be empty"),
                Arguments.of("Header(``, `v`)", 8, "``", "Header argument must not be empty"),
                // Traefik's CheckRule: no argument may be empty, the second neither
                Arguments.of("Query(`k`, ``)", 12, "``", "Query argument must not be empty"),
                Arguments.of("Header(`X`, ``)", 13, "``", "Header argument must not be empty"),
                Arguments.of("QueryRegexp(`k`, ``)", 18, "``", "QueryRegexp argument must not be empty"),
                Arguments.of("HeaderRegexp(`X`, ``)", 19, "``", "HeaderRegexp argument must not be empty"),
                Arguments.of("Path(`/\uD83D\uDE00`) &&", 14, "", "expected a matcher, '!' or '(' after '&&', found end of rule"),
                Arguments.of("(".repeat(201) + "Host(`a`)", 201, "(", "rule nests deeper than 200 levels"),
                Arguments.of("!".repeat(201) + "Host(`a`)", 201, "!", "rule nests deeper than 200 levels"));
    }

    static Stream<Arguments> v1Errors() {
        return Stream.of(
                Arguments.of("", 1, "", "empty rule"),
                Arguments.of("   ", 1, "", "empty rule"),
                Arguments.of(";;", 1, ";;", "empty rule (only ';')"),
                Arguments.of("Host", 1, "Host", "expected 'Matcher:arguments', found 'Host' (no ':')"),
                Arguments.of("Host:a; Pathx/b", 9, "Pathx/b", "expected 'Matcher:arguments', found 'Pathx/b' (no ':')"),
                Arguments.of("Host:", 6, "", "Host has no arguments"),
                Arguments.of("Host:a;Path:,,", 13, "", "Path has no arguments"),
                Arguments.of("Host: ", 7, "", "Host argument must not be empty"),
                Arguments.of(":a", 1, ":", "missing matcher name before ':'"),
                Arguments.of("Host:a; ;Path:/b", 8, " ", "expected 'Matcher:arguments' between ';', found only spaces"),
                Arguments.of("host:a", 1, "host", "unknown matcher 'host' (expected one of " + V1_NAMES + ")"),
                Arguments.of("Host:a; PathRegexp:/x", 9, "PathRegexp",
                        "unknown matcher 'PathRegexp' (expected one of " + V1_NAMES + ")"),
                Arguments.of("Host:a;P\u00e0th:/x", 8, "P\u00e0th", "unknown matcher 'P\u00e0th' (expected one of " + V1_NAMES + ")"),
                Arguments.of("Path:x", 6, "x", "Path argument 'x' must start with '/'"),
                Arguments.of("Host:a;Path:/b, c", 17, "c", "Path argument 'c' must start with '/'"),
                Arguments.of("PathPrefixStrip:api", 17, "api", "PathPrefixStrip argument 'api' must start with '/'"),
                Arguments.of("AddPrefix:v1", 11, "v1", "AddPrefix argument 'v1' must start with '/'"),
                Arguments.of("Headers:K", 1, "Headers", "Headers expects name,value pairs, got 1 argument"),
                Arguments.of("Host:a;Headers:K,V,K2", 8, "Headers", "Headers expects name,value pairs, got 3 arguments"),
                Arguments.of("HeadersRegexp:K,(x", 17, "(x",
                        "HeadersRegexp argument '(x' is not a valid regular expression: Unclosed group near index 2"),
                Arguments.of("Query:k", 7, "k", "Query argument 'k' must be key=value or key= (exactly one '=')"),
                Arguments.of("Query:a=1,b=2=3", 11, "b=2=3",
                        "Query argument 'b=2=3' must be key=value or key= (exactly one '=')"),
                Arguments.of("Query:=v", 7, "=v", "Query argument '=v' has no key"),
                Arguments.of("AddPrefix:/a,/b", 1, "AddPrefix", "AddPrefix expects 1 argument, got 2"),
                Arguments.of("ReplacePath:/a,/b", 1, "ReplacePath", "ReplacePath expects 1 argument, got 2"),
                Arguments.of("ReplacePathRegex:^/a", 18, "^/a", "ReplacePathRegex argument '^/a' must be a regular "
                        + "expression and a replacement separated by a space"),
                Arguments.of("ReplacePathRegex:(a /b", 18, "(a", "ReplacePathRegex argument '(a' is not a valid "
                        + "regular expression: Unclosed group near index 2"),
                Arguments.of("HostRegexp:{sub:[a-}.com", 12, "{sub:[a-}.com", "HostRegexp argument '{sub:[a-}.com' is "
                        + "not a valid template: pattern of '{sub:[a-}' does not compile: Illegal character range near index 3"),
                Arguments.of("Path:/a/{id", 6, "/a/{id", "Path argument '/a/{id' is not a valid template: "
                        + "unbalanced braces ('{' at index 3 is never closed)"),
                Arguments.of("Path:/a/}", 6, "/a/}", "Path argument '/a/}' is not a valid template: "
                        + "unbalanced braces ('}' at index 3 closes nothing)"),
                Arguments.of("PathStripRegex:/a/{:x}", 16, "/a/{:x}", "PathStripRegex argument '/a/{:x}' is not a "
                        + "valid template: missing name or pattern in '{:x}'"),
                Arguments.of("PathPrefixStripRegex:/{v:}", 22, "/{v:}", "PathPrefixStripRegex argument '/{v:}' is not a "
                        + "valid template: missing name or pattern in '{v:}'"),
                Arguments.of("Method:GET POST", 8, "GET POST", "Method argument 'GET POST' is not an HTTP method token"));
    }

    @ParameterizedTest
    @MethodSource("v3Errors")
    void rejectsV3(String text, int column, String token, String reason) {
        assertRejected(text, RuleSyntax.V3, column, token, reason);
    }

    @ParameterizedTest
    @MethodSource("v1Errors")
    void rejectsV1(String text, int column, String token, String reason) {
        assertRejected(text, RuleSyntax.V1, column, token, reason);
    }

    private static void assertRejected(String text, RuleSyntax syntax, int column, String token, String reason) {
        RuleSyntaxException error = catchThrowableOfType(RuleSyntaxException.class,
                () -> RuleParser.parse(text, syntax));

        assertThat(error).as("error for %s", text).isNotNull();
        assertThat(error.getMessage()).isEqualTo("column " + column + ": " + reason);
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.token()).isEqualTo(token);
        assertThat(error.reason()).isEqualTo(reason);
        assertThat(error.ruleText()).isEqualTo(text);
    }
}
