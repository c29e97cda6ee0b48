package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.BasicAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a basic auth middleware's {@code name:hash} entries as Traefik does: the lines of {@code usersFile} first
 * (trimmed; blank lines and lines starting with {@code #} skipped), then {@code users}; a later entry for the same
 * name replaces an earlier one. Error messages name the entry's position, never its hash.
 */
final class HtpasswdUsers {
    private HtpasswdUsers() {
    }

    /**
     * User name to hash, in first-seen order.
     *
     * @throws MiddlewareException {@code USERS_FILE_UNREADABLE} if the file cannot be read, {@code INVALID_SETTING}
     *         for an entry without exactly one {@code :} or when there is no user at all
     */
    static Map<String, String> load(BasicAuth config) {
        Map<String, String> users = new LinkedHashMap<>();
        String file = config.usersFile().orElse("");
        if (!file.isEmpty()) {
            String[] lines = read(config, file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    add(config, users, line, "usersFile \"" + file + "\" line " + (i + 1));
                }
            }
        }
        for (int i = 0; i < config.users().size(); i++) {
            add(config, users, config.users().get(i), "users/" + i);
        }
        if (users.isEmpty()) {
            throw invalid(config, "no users (expected: users or a usersFile with name:hash lines)");
        }
        return users;
    }

    private static String read(BasicAuth config, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new MiddlewareException(MiddlewareException.Kind.USERS_FILE_UNREADABLE, config.name(),
                    config.type(), "usersFile \"" + file + "\": cannot be read (" + e.getClass().getSimpleName()
                            + "; expected: a readable UTF-8 htpasswd file)");
        }
    }

    private static void add(BasicAuth config, Map<String, String> users, String entry, String where) {
        String[] parts = entry.split(":", -1);
        if (parts.length != 2) {
            throw invalid(config, where + ": not a user entry (expected: name:hash with exactly one ':')");
        }
        users.put(parts[0], parts[1]);
    }

    private static MiddlewareException invalid(BasicAuth config, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, config.name(), config.type(),
                message);
    }
}
