package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/** Removes the first matching path prefix ({@code stripPrefix}); {@code forceSlash} is deprecated in Traefik v3. */
public record StripPrefix(String name, List<String> prefixes, Optional<Boolean> forceSlash) implements Middleware {
    public static final String TYPE = "stripPrefix";

    public StripPrefix {
        Names.check("name", name);
        prefixes = ImmutableList.copyOf(requireNonNull(prefixes, "prefixes"));
        requireNonNull(forceSlash, "forceSlash");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
