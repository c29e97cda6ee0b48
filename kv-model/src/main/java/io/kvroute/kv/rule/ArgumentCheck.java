package io.kvroute.kv.rule;

import java.util.Locale;
import java.util.Optional;

/** The value rules every matcher argument must meet, per syntax; messages name the matcher and the value. */
final class ArgumentCheck {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private ArgumentCheck() {
    }

    /** The argument as the tree stores it: HTTP methods upper-cased, everything else as written. */
    static String normalize(Matcher matcher, String value) {
        return matcher == Matcher.METHOD ? value.toUpperCase(Locale.ROOT) : value;
    }

    /**
     * Why argument number {@code index} (from 0) of {@code matcher} is unacceptable, or empty if it is fine. No v3
     * argument may be empty (Traefik's {@code CheckRule}: {@code Query(`k`, ``)} disables its router); in v1 and v2
     * only the first ({@code Query:k=} and {@code Query(`k=`)} have an empty value; the v2 parser checks the raw
     * arguments itself).
     */
    static Optional<String> problem(Matcher matcher, RuleSyntax syntax, int index, String value) {
        String name = switch (syntax) {
            case V1 -> matcher.v1Name().orElseThrow();
            case V2 -> matcher.v2Name().orElseThrow();
            case V3 -> matcher.v3Name().orElseThrow();
        };
        String subject = name + " argument '" + value + "'";
        if (value.isEmpty() && (index == 0 || syntax == RuleSyntax.V3)) {
            return Optional.of(name + " argument must not be empty");
        }
        return valueProblem(matcher, syntax, index, value).map(why -> subject + " " + why);
    }

    private static Optional<String> valueProblem(Matcher matcher, RuleSyntax syntax, int index, String value) {
        boolean v1 = syntax == RuleSyntax.V1;
        boolean templates = syntax != RuleSyntax.V3;
        switch (matcher) {
            case HOST:
                return v1 ? Optional.empty() : asciiProblem(value);
            case HOST_REGEXP:
                if (v1) {
                    return templateProblem(value);
                }
                return asciiProblem(value).or(() -> templates ? templateProblem(value) : regexProblem(value));
            case PATH:
            case PATH_PREFIX:
                return slashProblem(value).or(() -> templates ? templateProblem(value) : Optional.empty());
            case PATH_STRIP:
            case PATH_PREFIX_STRIP:
                return slashProblem(value).or(() -> v1 ? templateProblem(value) : Optional.empty());
            case PATH_STRIP_REGEX:
            case PATH_PREFIX_STRIP_REGEX:
                return templateProblem(value);
            case ADD_PREFIX:
            case REPLACE_PATH:
                return slashProblem(value);
            case PATH_REGEXP:
                return regexProblem(value);
            case REPLACE_PATH_REGEX:
                return index == 0 ? regexProblem(value) : Optional.empty();
            case HEADER_REGEXP:
            case QUERY_REGEXP:
                return index == 1 ? regexProblem(value) : Optional.empty();
            case QUERY:
                return syntax == RuleSyntax.V2 && index == 1 ? templateProblem(value) : Optional.empty();
            case METHOD:
                return isToken(value) ? Optional.empty() : Optional.of("is not an HTTP method token");
            case CLIENT_IP:
                return IpRangeCheck.problem(value).map(why -> "is not an IP address or CIDR range: " + why);
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> asciiProblem(String value) {
        return value.chars().allMatch(c -> c < 0x80) ? Optional.empty()
                : Optional.of("contains non-ASCII characters (not allowed)");
    }

    private static Optional<String> slashProblem(String value) {
        return value.startsWith("/") ? Optional.empty() : Optional.of("must start with '/'");
    }

    private static Optional<String> regexProblem(String value) {
        return RegexCheck.problem(value).map(why -> "is not a valid regular expression: " + why);
    }

    private static Optional<String> templateProblem(String value) {
        return MuxTemplateCheck.problem(value).map(why -> "is not a valid template: " + why);
    }

    private static boolean isToken(String value) {
        return value.chars().allMatch(c -> c < 0x80
                && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0));
    }
}
