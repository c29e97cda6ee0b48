package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/**
 * Parses Traefik rule text of either syntax into a {@link Rule}. Every problem with the text, including bad
 * argument values (paths without {@code /}, regular expressions that do not compile, malformed IP ranges), is reported
 * as a {@link RuleSyntaxException} naming the column; no other exception escapes for bad input.
 *
 * <pre>{@code
 * RuleParser.parseV3("Host(`a.com`) && PathPrefix(`/api`)")
 * RuleParser.parseV1("Host:a.com;PathPrefixStrip:/api")
 * RuleParser.parseV2("Path(`/api/{id:[0-9]+}`)")
 * }</pre>
 */
public final class RuleParser {
    private RuleParser() {
    }

    public static Rule parse(String text, RuleSyntax syntax) {
        requireNonNull(text, "text");
        requireNonNull(syntax, "syntax");
        RuleExpr expr = syntax == RuleSyntax.V1 ? V1RuleParser.parse(text) : V3RuleParser.parse(text, syntax);
        return new Rule(text, syntax, expr);
    }

    /** Parses a Traefik v1 frontend route rule such as {@code Host:a.com,b.com;Path:/x}. */
    public static Rule parseV1(String text) {
        return parse(text, RuleSyntax.V1);
    }

    /** Parses a Traefik v3 router rule such as {@code Host(`a.com`) && !Method(`POST`)}. */
    public static Rule parseV3(String text) {
        return parse(text, RuleSyntax.V3);
    }

    /** Parses a Traefik v2 router rule ({@code ruleSyntax=v2}) such as {@code HostRegexp(`{sub:[a-z]+}.a.com`)}. */
    public static Rule parseV2(String text) {
        return parse(text, RuleSyntax.V2);
    }

    /** Parses with the syntax {@link #detectSyntax} picks. */
    public static Rule parseAuto(String text) {
        return parse(text, detectSyntax(text));
    }

    /**
     * Parses a rule whose v2/v3 syntax is not known yet (a services file entry, {@code --default-rule}): as v1 when
     * the text has no {@code (}, else as v3, else as v2; the caller reads the rule in its router's syntax later.
     *
     * @throws RuleSyntaxException with the v1 or v3 parser's reason when no syntax takes the text
     */
    public static Rule parseAnySyntax(String text) {
        if (detectSyntax(text) == RuleSyntax.V1) {
            return parseV1(text);
        }
        try {
            return parseV3(text);
        } catch (RuleSyntaxException notV3) {
            try {
                return parseV2(text);
            } catch (RuleSyntaxException notV2) {
                throw notV3;
            }
        }
    }

    /** {@link RuleSyntax#V3} when the text contains {@code (}, else {@link RuleSyntax#V1}. */
    public static RuleSyntax detectSyntax(String text) {
        return requireNonNull(text, "text").indexOf('(') >= 0 ? RuleSyntax.V3 : RuleSyntax.V1;
    }
}
