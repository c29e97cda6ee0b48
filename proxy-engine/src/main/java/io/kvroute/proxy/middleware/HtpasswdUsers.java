package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.BasicAuth;
import io.kvroute.kv.model.Middleware;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an auth middleware's user entries as Traefik does: the lines of {@code usersFile} first (trimmed; blank
 * lines and lines starting with {@code #} skipped), then {@code users}; a later entry for the same user replaces an
 * earlier one. Basic auth entries are {@code name:hash}, digest auth ones {@code name:realm:hash} (keyed by
 * {@code name:realm}). Error messages name the entry's position, never its hash.
 */
final class HtpasswdUsers {
    /** The shape of one entry. */
    enum Format {
        BASIC(2, "name:hash with exactly one ':'"),
        DIGEST(3, "name:realm:hash with exactly two ':'");

        private final int fields;
        private final String expected;

        Format(int fields, String expected) {
            this.fields = fields;
            this.expected = expected;
        }
    }

    private HtpasswdUsers() {
    }

    /**
     * Basic auth's user name to hash, in first-seen order.
     *
     * @throws MiddlewareException {@code USERS_FILE_UNREADABLE} if the file cannot be read, {@code INVALID_SETTING}
     *         for an entry without exactly one {@code :} or when there is no user at all
     */
    static Map<String, String> load(BasicAuth config) {
        Map<String, String> users = load(config, config.usersFile(), config.users(), Format.BASIC);
        if (users.isEmpty()) {
            throw invalid(config, "no users (expected: users or a usersFile with name:hash lines)");
        }
        return users;
    }

    /**
     * The entries of {@code usersFile} and {@code users} of {@code config}: everything before the last {@code :} to
     * the hash after it, in first-seen order; empty when there are none.
     *
     * @throws MiddlewareException {@code USERS_FILE_UNREADABLE} if the file cannot be read, {@code INVALID_SETTING}
     *         for an entry not in {@code format}
     */
    static Map<String, String> load(Middleware config, Optional<String> usersFile, List<String> users,
            Format format) {
        Map<String, String> entries = new LinkedHashMap<>();
        String file = usersFile.orElse("");
        if (!file.isEmpty()) {
            String[] lines = read(config, file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    add(config, entries, line, "usersFile \"" + file + "\" line " + (i + 1), format);
                }
            }
        }
        for (int i = 0; i < users.size(); i++) {
            add(config, entries, users.get(i), "users/" + i, format);
        }
        return entries;
    }

    private static String read(Middleware config, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new MiddlewareException(MiddlewareException.Kind.USERS_FILE_UNREADABLE, config.name(),
                    config.type(), "usersFile \"" + file + "\": cannot be read (" + e.getClass().getSimpleName()
                            + "; expected: a readable UTF-8 htpasswd file)");
        }
    }

    private static void add(Middleware config, Map<String, String> entries, String entry, String where,
            Format format) {
        String[] parts = entry.split(":", -1);
        if (parts.length != format.fields) {
            throw invalid(config, where + ": not a user entry (expected: " + format.expected + ")");
        }
        int hashStart = entry.lastIndexOf(':');
        entries.put(entry.substring(0, hashStart), entry.substring(hashStart + 1));
    }

    private static MiddlewareException invalid(Middleware config, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, config.name(), config.type(),
                message);
    }
}
