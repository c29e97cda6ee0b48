package io.kvroute.units;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code ExecStart=} command line split into words as systemd splits an unquoted line: the program, the kvroute
 * command ({@code agent}, {@code proxy}) and the arguments.
 *
 * @param program   the absolute path of the executable
 * @param arguments everything after it
 */
record ExecCommand(String program, List<String> arguments) {
    private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Z_][A-Z0-9_]*)$");

    ExecCommand {
        requireNonNull(program, "program");
        arguments = List.copyOf(arguments);
    }

    /**
     * Splits {@code line} on white space.
     *
     * @throws IllegalArgumentException when the line carries quotes (our units have none) or is empty
     */
    static ExecCommand parse(String line) {
        if (line.contains("\"") || line.contains("'")) {
            throw new IllegalArgumentException("ExecStart: '" + line + "' (expected: no quotes; flags go unquoted)");
        }
        List<String> words = List.of(line.strip().split("\\s+"));
        if (words.get(0).isEmpty()) {
            throw new IllegalArgumentException("ExecStart: empty (expected: a program and its arguments)");
        }
        return new ExecCommand(words.get(0), words.subList(1, words.size()));
    }

    /** The first argument: the kvroute command. */
    Optional<String> command() {
        return arguments.stream().findFirst();
    }

    /** The {@code --flag} names among the arguments, without their {@code =value}. */
    List<String> flags() {
        return Flags.in(arguments);
    }

    /** The value of {@code --flag=value} among the arguments. */
    Optional<String> flagValue(String flag) {
        return Flags.valueIn(arguments, flag);
    }

    /** The names of the unbraced {@code $VARIABLE} arguments, which systemd splits into words. */
    List<String> splitVariables() {
        return arguments.stream().map(VARIABLE::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    }
}
