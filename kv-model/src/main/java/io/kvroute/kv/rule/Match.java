package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One matcher call with its decoded arguments, for example {@code Match(HOST, ["a.com"])} or
 * {@code Match(HEADER, ["X-Env", "prod"])}. A matcher that accepts a list of alternatives in rule text
 * ({@code Host(`a`,`b`)}, {@code Host:a,b}) appears as an {@link Or} of single-argument matches, so the argument count
 * always lies within {@link Matcher#minArgs()} and {@link Matcher#maxArgs()}.
 */
public record Match(Matcher matcher, List<String> args) implements RuleExpr {
    public Match {
        requireNonNull(matcher, "matcher");
        args = List.copyOf(requireNonNull(args, "args"));
        if (!matcher.acceptsArgCount(args.size())) {
            throw new IllegalArgumentException("args: " + args.size() + " values for " + matcher.canonicalName()
                    + " (expected: " + matcher.arityDescription() + ")");
        }
    }

    public static Match of(Matcher matcher, String... args) {
        return new Match(matcher, List.of(args));
    }
}
