package io.kvroute.agent.discovery;

import io.kvroute.kv.gotext.GoScalars;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Parses label and env values, reporting bad ones to {@link Findings} with the label name and what was expected. */
final class LabelValues {
    private static final Set<String> SCHEMES = Set.of("http", "https", "h2c");

    private LabelValues() {
    }

    static OptionalInt port(String label, String value, Findings findings) {
        return integer(label, value, 1, 65535, "a port 1..65535", findings);
    }

    static OptionalInt weight(String label, String value, Findings findings) {
        return integer(label, value, 0, Integer.MAX_VALUE, "a weight >= 0", findings);
    }

    static OptionalInt priority(String label, String value, Findings findings) {
        return integer(label, value, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer", findings);
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
        try {
            RuleParser.parse(rule, syntax);
            return true;
        } catch (RuleSyntaxException e) {
            findings.badLabel(label, rule, (syntax == RuleSyntax.V1 ? "a Traefik v1 rule" : "a Traefik rule")
                    + "; " + e.getMessage());
            return false;
        }
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
