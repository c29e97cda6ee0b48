package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Feeds mutated valid rules and random fragments of rule syntax to both parsers: each input must parse or fail with
 * a RuleSyntaxException whose column lies inside the text.
 */
class RuleParserRobustnessTest {
    private static final String[] FRAGMENTS = {"Host", "Path", "PathPrefix", "Header", "Query", "ClientIP",
        "HostRegexp", "Headers", "PathPrefixStrip", "ReplacePathRegex", "(", ")", "`", "\"", "'", "\\", "\\u", "\\x",
        "\\U", "\\0", "&&", "&", "||", "|", "!", ",", ":", ";", "=", "{", "}", "[", "*", "/", "/a", "a", "k=v", " ",
        "\n", "\r", "\t", "\u00e9", "\uD83D\uDE00", "\uD83D", "10.0.0.0/", "::", "8", "33", "GET", "`/x`", "`a`"};
    private static final String[] VALID_V3 = {"Host(`a.com`) && PathPrefix(`/api`)",
        "!(Method(`GET`) || Header(`K`, \"v\\n\")) && ClientIP(`10.0.0.0/8`)",
        "HostRegexp(`^[a-z]+$`) || Query(`k`, `v`) && PathRegexp(`^/x/[0-9]+`)", "Host(`a`,`b`)"};
    private static final String[] VALID_V1 = {"Host:a.com,b.com;PathPrefixStrip:/api", "Headers:K,V,K2,V2;Query:k=v,k2=",
        "HostRegexp:{sub:[a-z]+}.a.com;Path:/users/{id:[0-9]+}", "ReplacePathRegex:^/a/(.*) /b/$1;Method:GET,POST"};

    @ParameterizedTest
    @EnumSource(RuleSyntax.class)
    void failsOnlyWithRuleSyntaxException(RuleSyntax syntax) {
        Random random = new Random(syntax.ordinal() + 42L);
        String[] valid = syntax == RuleSyntax.V1 ? VALID_V1 : VALID_V3;
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            String rule = i % 2 == 0 ? mutate(valid[random.nextInt(valid.length)], random) : fragments(random);
            try {
                assertThat(RuleParser.parse(rule, syntax).text()).isEqualTo(rule);
                parsed++;
            } catch (RuleSyntaxException e) {
                assertThat(e.column()).as(rule).isBetween(1, rule.codePointCount(0, rule.length()) + 1);
                assertThat(e.getMessage()).as(rule).isEqualTo("column " + e.column() + ": " + e.reason());
                rejected++;
            }
        }
        assertThat(parsed).isGreaterThan(100);
        assertThat(rejected).isGreaterThan(100);
    }

    private static String mutate(String rule, Random random) {
        StringBuilder text = new StringBuilder(rule);
        for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
            int at = random.nextInt(text.length() + 1);
            if (random.nextBoolean() && at < text.length()) {
                text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(3)));
            } else {
                text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return text.toString();
    }

    private static String fragments(Random random) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(12); length > 0; length--) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return text.toString();
    }
}
