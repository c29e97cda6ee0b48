package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.SortedMap;

/**
 * Sets request and response headers ({@code headers}); an empty value removes the header. The security and CORS
 * settings are kept untyped in {@code others} so they round trip.
 */
public record Headers(String name, SortedMap<String, String> customRequestHeaders,
        SortedMap<String, String> customResponseHeaders, RawSettings others) implements Middleware {
    public static final String TYPE = "headers";

    public Headers {
        Names.check("name", name);
        customRequestHeaders = ImmutableSortedMap.copyOf(requireNonNull(customRequestHeaders, "customRequestHeaders"));
        customResponseHeaders =
                ImmutableSortedMap.copyOf(requireNonNull(customResponseHeaders, "customResponseHeaders"));
        requireNonNull(others, "others");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
