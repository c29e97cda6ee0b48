package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The one exception {@link RuleParser} throws for a rule it cannot accept. The message reads
 * {@code column 14: expected ')' or ',' after argument, found '&&'}; {@link #column()} counts code points from 1 in the
 * original rule text, and {@link #token()} is the offending source text (empty at the end of the rule).
 */
public final class RuleSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** "expected ...", "(expected one of ...)", "expects 2 arguments"; not "unexpected". */
    private static final Pattern SAYS_EXPECTED = Pattern.compile("\\bexpect");

    private final String ruleText;
    private final int column;
    private final String token;
    private final String reason;

    public RuleSyntaxException(String ruleText, int column, String token, String reason) {
        super("column " + column + ": " + requireNonNull(reason, "reason"));
        this.ruleText = requireNonNull(ruleText, "ruleText");
        this.token = requireNonNull(token, "token");
        if (column < 1) {
            throw new IllegalArgumentException("column: " + column + " (expected: >= 1)");
        }
        this.column = column;
        this.reason = reason;
    }

    /** The rule text that failed to parse. */
    public String ruleText() {
        return ruleText;
    }

    /** 1-based column, in code points, where the problem starts. */
    public int column() {
        return column;
    }

    /** The offending source text, such as {@code &&} or {@code Hots}; empty when the rule ended too early. */
    public String token() {
        return token;
    }

    /** The message without its {@code column N: } prefix. */
    public String reason() {
        return reason;
    }

    /**
     * The message, ending in {@code (expected: a Traefik rule)} when the reason does not already say what was
     * expected, so that callers say it exactly once.
     */
    public String messageWithExpectation() {
        return SAYS_EXPECTED.matcher(reason).find() ? getMessage() : getMessage() + " (expected: a Traefik rule)";
    }
}
