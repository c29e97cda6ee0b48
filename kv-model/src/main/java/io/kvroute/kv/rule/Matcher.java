package io.kvroute.kv.rule;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Traefik rule matcher, with its spelling in each syntax and how many arguments one {@link Match} of it takes.
 *
 * <p>{@linkplain #listsAlternatives() Alternative-list} matchers take one value per match; v2 and v1 rule text may list
 * several ({@code Host(`a`,`b`)} in v2, {@code Host:a,b} in v1), which parses to an {@link Or}. v3 rules may not: like
 * Traefik v3 they take exactly {@link #minArgs()}..{@link #maxArgs()} arguments per call. v1-only matchers
 * ({@code PathStrip}, {@code AddPrefix}, ...) have no v3 name, v3-only ones ({@code PathRegexp}, {@code ClientIP}, ...)
 * no v1 name.
 */
public enum Matcher {
    HOST("Host", "Host", 1, 1, true),
    HOST_REGEXP("HostRegexp", "HostRegexp", 1, 1, true),
    PATH("Path", "Path", 1, 1, true),
    PATH_PREFIX("PathPrefix", "PathPrefix", 1, 1, true),
    PATH_REGEXP("PathRegexp", null, 1, 1, false),
    METHOD("Method", "Method", 1, 1, true),
    HEADER("Header", "Headers", 2, 2, false),
    HEADER_REGEXP("HeaderRegexp", "HeadersRegexp", 2, 2, false),
    QUERY("Query", "Query", 1, 2, false),
    QUERY_REGEXP("QueryRegexp", null, 1, 2, false),
    CLIENT_IP("ClientIP", null, 1, 1, true),
    PATH_STRIP(null, "PathStrip", 1, 1, true),
    PATH_PREFIX_STRIP(null, "PathPrefixStrip", 1, 1, true),
    PATH_STRIP_REGEX(null, "PathStripRegex", 1, 1, true),
    PATH_PREFIX_STRIP_REGEX(null, "PathPrefixStripRegex", 1, 1, true),
    ADD_PREFIX(null, "AddPrefix", 1, 1, false),
    REPLACE_PATH(null, "ReplacePath", 1, 1, false),
    /** Arguments: the regular expression and the replacement, which v1 writes separated by one space. */
    REPLACE_PATH_REGEX(null, "ReplacePathRegex", 2, 2, false);

    /** Traefik v3's {@code httpFuncs}: the canonical v3 names only, in its four case forms. */
    private static final Map<String, Matcher> BY_V3_SPELLING = Arrays.stream(values())
            .flatMap(m -> m.v3Name().stream()
                    .flatMap(Matcher::caseVariants)
                    .distinct()
                    .map(spelling -> Map.entry(spelling, m)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /** Traefik's {@code httpFuncsV2}: the matchers of v2 rules and their names there. */
    private static final Map<String, Matcher> V2_NAMES = Map.of("Host", HOST, "HostHeader", HOST,
            "HostRegexp", HOST_REGEXP, "ClientIP", CLIENT_IP, "Path", PATH, "PathPrefix", PATH_PREFIX, "Method", METHOD,
            "Headers", HEADER, "HeadersRegexp", HEADER_REGEXP, "Query", QUERY);

    private static final Map<String, Matcher> BY_V2_SPELLING = V2_NAMES.entrySet().stream()
            .flatMap(e -> caseVariants(e.getKey()).distinct().map(spelling -> Map.entry(spelling, e.getValue())))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static final Map<String, Matcher> BY_V1_NAME = Arrays.stream(values())
            .filter(m -> m.v1Name != null)
            .collect(Collectors.toUnmodifiableMap(m -> m.v1Name, Function.identity()));

    private final String v3Name;
    private final String v1Name;
    private final int minArgs;
    private final int maxArgs;
    private final boolean listsAlternatives;

    Matcher(String v3Name, String v1Name, int minArgs, int maxArgs, boolean listsAlternatives) {
        this.v3Name = v3Name;
        this.v1Name = v1Name;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.listsAlternatives = listsAlternatives;
    }

    /** The v3 name if there is one, else the v1 name. */
    public String canonicalName() {
        return v3Name != null ? v3Name : v1Name;
    }

    /** The canonical v3 spelling ({@code HeaderRegexp}), empty for v1-only matchers. */
    public Optional<String> v3Name() {
        return Optional.ofNullable(v3Name);
    }

    /** The v1 spelling ({@code HeadersRegexp}), empty for matchers v1 does not have. */
    public Optional<String> v1Name() {
        return Optional.ofNullable(v1Name);
    }

    /** Fewest arguments one {@link Match} takes. */
    public int minArgs() {
        return minArgs;
    }

    /** Most arguments one {@link Match} takes. */
    public int maxArgs() {
        return maxArgs;
    }

    /** True when rule text may list several values, each an alternative ({@code Host:a,b} is Host a OR Host b). */
    public boolean listsAlternatives() {
        return listsAlternatives;
    }

    public boolean acceptsArgCount(int count) {
        return count >= minArgs && count <= maxArgs;
    }

    /** The accepted argument counts of one match, in words: {@code "1"}, {@code "1 or 2"}. */
    public String arityDescription() {
        return minArgs == maxArgs ? Integer.toString(minArgs) : minArgs + " or " + maxArgs;
    }

    /**
     * The matcher a v3 rule names, accepting the canonical v3 spelling and its all-lower, all-upper and Title case
     * forms ({@code PathPrefix}, {@code pathprefix}, {@code PATHPREFIX}, {@code Pathprefix}), like Traefik's rule
     * parser; v2-only names ({@code Headers}, {@code HeadersRegexp}, {@code HostHeader}) are unknown here.
     */
    public static Optional<Matcher> fromV3Name(String spelling) {
        return Optional.ofNullable(BY_V3_SPELLING.get(spelling));
    }

    /**
     * The matcher a v2 rule ({@code ruleSyntax=v2}) names: {@code Host}, {@code HostHeader}, {@code HostRegexp},
     * {@code ClientIP}, {@code Path}, {@code PathPrefix}, {@code Method}, {@code Headers}, {@code HeadersRegexp},
     * {@code Query}, in the same case forms as {@link #fromV3Name}.
     */
    public static Optional<Matcher> fromV2Name(String spelling) {
        return Optional.ofNullable(BY_V2_SPELLING.get(spelling));
    }

    /** The name of this matcher in v2 rules ({@code Headers} for {@link #HEADER}), empty if v2 rules lack it. */
    public Optional<String> v2Name() {
        return switch (this) {
            case HEADER -> Optional.of("Headers");
            case HEADER_REGEXP -> Optional.of("HeadersRegexp");
            default -> V2_NAMES.containsValue(this) ? v3Name() : Optional.empty();
        };
    }

    /** The canonical v2 names, sorted. */
    public static List<String> v2Names() {
        return V2_NAMES.keySet().stream().sorted().toList();
    }

    /** The matcher a v1 rule names; v1 names are case-sensitive. */
    public static Optional<Matcher> fromV1Name(String name) {
        return Optional.ofNullable(BY_V1_NAME.get(name));
    }

    /** All canonical v3 names, in declaration order. */
    public static List<String> v3Names() {
        return Arrays.stream(values()).flatMap(m -> m.v3Name().stream()).collect(Collectors.toUnmodifiableList());
    }

    /** All v1 names, in declaration order. */
    public static List<String> v1Names() {
        return Arrays.stream(values()).flatMap(m -> m.v1Name().stream()).collect(Collectors.toUnmodifiableList());
    }

    private static Stream<String> caseVariants(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String title = lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
        return Stream.of(name, lower, name.toUpperCase(Locale.ROOT), title);
    }
}
