package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * HTTP basic authentication ({@code basicAuth}): {@code users} are {@code name:htpasswd-hash} entries; the
 * authenticated user name is forwarded in {@code headerField} when set.
 */
public record BasicAuth(String name, List<String> users, Optional<String> usersFile, Optional<String> realm,
        boolean removeHeader, Optional<String> headerField) implements Middleware {
    public static final String TYPE = "basicAuth";

    public BasicAuth {
        Names.check("name", name);
        users = ImmutableList.copyOf(requireNonNull(users, "users"));
        requireNonNull(usersFile, "usersFile");
        requireNonNull(realm, "realm");
        requireNonNull(headerField, "headerField");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
