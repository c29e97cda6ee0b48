package io.kvroute.units;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code EnvironmentFile=} as systemd reads it (and sh sources it): {@code NAME=value} lines, the value
 * optionally in single or double quotes, and {@code #} comment lines.
 *
 * @param path      where it was read from
 * @param variables the assignments in file order, quotes removed
 * @param comments  the comment lines, without {@code #}
 */
record EnvFile(Path path, Map<String, String> variables, List<String> comments) {

    EnvFile {
        requireNonNull(path, "path");
        variables = Map.copyOf(variables);
        comments = List.copyOf(comments);
    }

    /**
     * Reads {@code path}.
     *
     * @throws IllegalArgumentException naming the line that is neither an assignment nor a comment, or a quote
     *                                  left open
     */
    static EnvFile read(Path path) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> comments = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = path + ":" + (i + 1) + ": '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0 || !line.substring(0, equals).matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException(where + " (expected: NAME=value or a # comment)");
            }
            variables.put(line.substring(0, equals), unquote(line.substring(equals + 1), where));
        }
        return new EnvFile(path, variables, comments);
    }

    private static String unquote(String value, String where) {
        if (value.startsWith("'") || value.startsWith("\"")) {
            char quote = value.charAt(0);
            if (value.length() < 2 || value.charAt(value.length() - 1) != quote
                    || value.substring(1, value.length() - 1).indexOf(quote) >= 0) {
                throw new IllegalArgumentException(where + " (expected: one value in matching " + quote + " quotes)");
            }
            return value.substring(1, value.length() - 1);
        }
        if (value.contains(" ")) {
            throw new IllegalArgumentException(where + " (expected: quotes around a value with spaces, for sh)");
        }
        return value;
    }

    /** The words of variable {@code name}, split on white space as systemd splits an unbraced {@code $name}. */
    List<String> words(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalStateException(path + ": no " + name + " (expected: " + name + "='...')");
        }
        return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    /** The {@code --flag} names named in comments, such as the examples of other choices. */
    List<String> flagsInComments() {
        return comments.stream().flatMap(comment -> Flags.namedIn(comment).stream()).toList();
    }
}
