package io.kvroute.cli;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The arguments picocli leaves to {@code proxy} and {@code standalone} are Traefik's flags whose names carry a name
 * ({@code --entrypoints.NAME.*}, {@code --certificatesresolvers.NAME.*}, {@code --acme.*},
 * {@code --accesslog.fields[.headers].names.NAME}) and their values; anything
 * else is an unknown option, reported before any other check as picocli reports one, with its suggestion:
 * {@code Unknown option: '--servics=FILE'}, {@code Possible solutions: --services}.
 */
final class UnknownFlags {
    private static final Pattern NAMED = Pattern.compile(
            "--(entrypoints|certificatesresolvers|acme|accesslog\\.fields\\.(headers\\.)?names)\\..+",
            Pattern.CASE_INSENSITIVE);

    private UnknownFlags() {
    }

    /**
     * @throws UnmatchedArgumentException for the first argument that is neither such a flag nor the value after one
     *     given without {@code =}
     */
    static void check(CommandSpec spec, List<String> unmatched) {
        boolean valueMayFollow = false;
        for (String arg : unmatched) {
            if (NAMED.matcher(arg).matches()) {
                valueMayFollow = !arg.contains("=");
            } else if (valueMayFollow && !arg.startsWith("-")) {
                valueMayFollow = false;
            } else {
                throw new UnmatchedArgumentException(spec.commandLine(), List.of(arg));
            }
        }
    }
}
