package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which fields and headers an access log line carries, as Traefik's {@code --accesslog.fields.defaultmode} (default
 * keep), {@code .names.NAME}, {@code .headers.defaultmode} (default drop) and {@code .headers.names.NAME}: a field
 * named in {@code names} follows its own mode, the others the default; field names and header names match
 * case-insensitively. A dropped field is left out of a JSON line and shown as {@code -} in the common formats;
 * headers appear in JSON lines as {@code request_<Name>} and {@code downstream_<Name>}, and the common formats show
 * {@code Referer} and {@code User-Agent} only when those headers are kept.
 */
public record AccessLogFields(FieldMode defaultMode, Map<String, FieldMode> names, FieldMode headersDefaultMode,
        Map<String, FieldMode> headerNames) {
    /** Traefik's defaults: every field kept, every header dropped. */
    public static final AccessLogFields DEFAULT = new AccessLogFields(FieldMode.KEEP, Map.of(), FieldMode.DROP, Map.of());

    public AccessLogFields {
        requireNonNull(defaultMode, "defaultMode");
        requireNonNull(headersDefaultMode, "headersDefaultMode");
        if (defaultMode == FieldMode.REDACT) {
            throw new IllegalArgumentException("fields default mode: redact (expected keep or drop)");
        }
        names = lowerCased(names);
        if (names.containsValue(FieldMode.REDACT)) {
            throw new IllegalArgumentException("fields names " + names + ": redact (expected keep or drop)");
        }
        headerNames = lowerCased(headerNames);
    }

    private static Map<String, FieldMode> lowerCased(Map<String, FieldMode> modes) {
        return Map.copyOf(modes.entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (first, last) -> last)));
    }

    /** Whether the field {@code name} (e.g. {@code ClientHost}) is logged. */
    public boolean keeps(String name) {
        return names.getOrDefault(name.toLowerCase(Locale.ROOT), defaultMode) == FieldMode.KEEP;
    }

    /** What happens to the header {@code name}. */
    public FieldMode header(String name) {
        return headerNames.getOrDefault(name.toLowerCase(Locale.ROOT), headersDefaultMode);
    }

    /** True when no header is logged at all: the request's headers need not be read. */
    boolean dropsEveryHeader() {
        return headersDefaultMode == FieldMode.DROP && headerNames.values().stream().allMatch(FieldMode.DROP::equals);
    }
}
