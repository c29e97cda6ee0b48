package io.kvroute.agent.discovery;

import io.kvroute.kv.gotext.GoScalars;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Parses label and env values, reporting bad ones to {@link Findings} with the label name and what was expected. */
final class LabelValues {
    private static final Set<String> SCHEMES = Set.of("http", "https", "h2c");

    private LabelValues() {
    }

    static OptionalInt port(String label, String value, Findings findings) {
        return integer(label, value, 1, 65535, "a port 1..65535", findings);
    }

    /** A weight: a Go {@code int} as Traefik reads it (64-bit), at least 0. */
    static OptionalLong weight(String label, String value, Findings findings) {
        return int64(label, value, 0, "a weight >= 0", findings);
    }

    /** A router priority: a Go {@code int} as Traefik reads it (64-bit). */
    static OptionalLong priority(String label, String value, Findings findings) {
        return int64(label, value, Long.MIN_VALUE, "an integer", findings);
    }

    static Optional<Boolean> bool(String label, String value, Findings findings) {
        try {
            return Optional.of(GoScalars.parseBool(value.trim()));
        } catch (IllegalArgumentException e) {
            findings.badLabel(label, value, "true or false");
            return Optional.empty();
        }
    }

    static Optional<String> scheme(String label, String value, Findings findings) {
        String scheme = value.trim();
        if (!SCHEMES.contains(scheme)) {
            findings.badLabel(label, value, "http, https or h2c");
            return Optional.empty();
        }
        return Optional.of(scheme);
    }

    /** True when {@code rule} parses in {@code syntax}; otherwise reports it as the value of {@code label}. */
    static boolean rule(String label, String rule, RuleSyntax syntax, Findings findings) {
        Optional<String> problem = ruleProblem(rule, syntax);
        problem.ifPresent(expected -> findings.badLabel(label, rule, expected));
        return problem.isEmpty();
    }

    /** What was expected of {@code rule} and why it is not that, or empty when it parses in {@code syntax}. */
    static Optional<String> ruleProblem(String rule, RuleSyntax syntax) {
        try {
            RuleParser.parse(rule, syntax);
            return Optional.empty();
        } catch (RuleSyntaxException e) {
            String expected = switch (syntax) {
                case V1 -> "a Traefik v1 rule";
                case V2 -> "a Traefik v2 rule";
                case V3 -> "a Traefik v3 rule";
            };
            return Optional.of(expected + "; " + e.getMessage());
        }
    }

    /** {@code value} as Traefik's decoder parses a Go {@code int} ({@code strconv.ParseInt(s, 10, 64)}), >= min. */
    private static OptionalLong int64(String label, String value, long min, String expected, Findings findings) {
        try {
            long number = GoScalars.parseInt(value.trim());
            if (number >= min) {
                return OptionalLong.of(number);
            }
        } catch (IllegalArgumentException notA64BitInteger) {
            // reported below, as a value below min is
        }
        findings.badLabel(label, value, expected);
        return OptionalLong.empty();
    }

    private static OptionalInt integer(String label, String value, long min, long max, String expected,
            Findings findings) {
        String text = value.trim();
        if (text.matches("[+-]?[0-9]{1,10}")) {
            long number = Long.parseLong(text);
            if (number >= min && number <= max) {
                return OptionalInt.of((int) number);
            }
        }
        findings.badLabel(label, value, expected);
        return OptionalInt.empty();
    }
}
