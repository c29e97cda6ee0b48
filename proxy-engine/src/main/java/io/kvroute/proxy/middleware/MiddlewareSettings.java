package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.RawSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the settings of a middleware the model keeps untyped ({@link io.kvroute.kv.model.OpaqueMiddleware}, the
 * security and CORS fields of {@code headers}) as the decoder typed them from Traefik's schema: strings, numbers,
 * booleans, Go durations, lists and maps. A value of the wrong shape is a {@link MiddlewareException} of kind
 * {@code INVALID_SETTING} naming the setting's path, its value and what was expected. Every setting must be read:
 * {@link #requireAllRead()} refuses the middleware when one was not (kind {@code SETTING_NOT_APPLIED}), so a
 * setting a handler forgot can never be served silently (fail closed).
 *
 * <pre>{@code
 * MiddlewareSettings settings = MiddlewareSettings.of(opaque);
 * long average = settings.integer("average").orElse(0);
 * Optional<MiddlewareSettings> criterion = settings.section("sourceCriterion");
 * settings.requireAllRead();
 * }</pre>
 */
public final class MiddlewareSettings {
    private final Middleware middleware;
    private final ObjectNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();
    private final List<MiddlewareSettings> sections = new ArrayList<>();

    private MiddlewareSettings(Middleware middleware, ObjectNode node, String path) {
        this.middleware = middleware;
        this.node = node;
        this.path = path;
    }

    /** The settings of an untyped middleware. */
    public static MiddlewareSettings of(io.kvroute.kv.model.OpaqueMiddleware middleware) {
        return of(middleware, middleware.settings());
    }

    /** {@code settings} of {@code middleware} (its untyped part, for a typed middleware). */
    public static MiddlewareSettings of(Middleware middleware, RawSettings settings) {
        requireNonNull(middleware, "middleware");
        return new MiddlewareSettings(middleware, requireNonNull(settings, "settings").toJson(), "");
    }

    /** The middleware these settings belong to. */
    public Middleware middleware() {
        return middleware;
    }

    /** The names of the settings here (a map's keys, for a section read as a map), in the store's order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Whether the setting is present (without reading it). */
    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public Optional<String> text(String name) {
        return value(name).map(value -> {
            if (!value.isTextual()) {
                throw invalid(name, value, "a string");
            }
            return value.textValue();
        });
    }

    public Optional<Boolean> bool(String name) {
        return value(name).map(value -> {
            if (!value.isBoolean()) {
                throw invalid(name, value, "true or false");
            }
            return value.booleanValue();
        });
    }

    /** A whole number that fits a Java {@code long}. */
    public OptionalLong integer(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!value.get().isIntegralNumber() || !value.get().canConvertToLong()) {
            throw invalid(name, value.get(), "a whole number");
        }
        return OptionalLong.of(value.get().longValue());
    }

    /** A whole number that fits a Java {@code int}. */
    public OptionalInt smallInteger(String name) {
        OptionalLong value = integer(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.getAsLong() != (int) value.getAsLong()) {
            throw invalid(name, node.get(name), "a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE);
        }
        return OptionalInt.of((int) value.getAsLong());
    }

    /** A Traefik duration: Go syntax ({@code 10s}, {@code 1m30s}) or a bare number of seconds. */
    public Optional<Duration> duration(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().isTextual() && !value.get().isIntegralNumber()) {
            throw invalid(name, value.get(), "a duration such as 10s or 1m30s");
        }
        try {
            return Optional.of(Duration.ofNanos(GoDuration.parseTraefik(value.get().asText())));
        } catch (IllegalArgumentException e) {
            throw invalid(name, value.get(), "a duration such as 10s or 1m30s");
        }
    }

    /** A list of strings; empty when absent. */
    public List<String> strings(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw invalid(name, value.get(), "a list of strings");
        }
        ImmutableList.Builder<String> items = ImmutableList.builder();
        for (JsonNode item : value.get()) {
            if (!item.isTextual()) {
                throw invalid(name, value.get(), "a list of strings");
            }
            items.add(item.textValue());
        }
        return items.build();
    }

    /** A map of string values in the store's order of names; empty when absent. */
    public Map<String, String> stringMap(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return Map.of();
        }
        if (!value.get().isObject()) {
            throw invalid(name, value.get(), "a map of names to strings");
        }
        ImmutableMap.Builder<String, String> entries = ImmutableMap.builder();
        for (Map.Entry<String, JsonNode> entry : value.get().properties()) {
            if (!entry.getValue().isTextual()) {
                throw invalid(name + "/" + entry.getKey(), entry.getValue(), "a string");
            }
            entries.put(entry.getKey(), entry.getValue().textValue());
        }
        return entries.build();
    }

    /**
     * A nested section ({@code sourceCriterion}, {@code tls}, ...); its settings must be read too before
     * {@link #requireAllRead()} of this one passes.
     */
    public Optional<MiddlewareSettings> section(String name) {
        return value(name).map(value -> {
            if (!value.isObject()) {
                throw invalid(name, value, "a section of settings");
            }
            MiddlewareSettings section = new MiddlewareSettings(middleware, (ObjectNode) value, qualified(name));
            sections.add(section);
            return section;
        });
    }

    /**
     * Refuses the middleware when a setting here or in a section read was never read: kvroute would not apply it.
     *
     * @throws MiddlewareException of kind {@code SETTING_NOT_APPLIED} naming the settings
     */
    public void requireAllRead() {
        List<String> unread = new ArrayList<>();
        collectUnread(unread);
        if (!unread.isEmpty()) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, middleware.name(),
                    middleware.type(), "settings kvroute does not apply: " + String.join(", ", unread)
                            + "; the router is left out rather than served without them");
        }
    }

    /**
     * A setting whose value cannot work, named with its path: {@code average -3 (expected: 0 or more)}.
     */
    public MiddlewareException invalid(String name, String expected) {
        JsonNode value = node.get(name);
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(),
                middleware.type(), qualified(name) + " " + describe(value) + " (expected: " + expected + ")");
    }

    /**
     * A setting whose value cannot work, named with its path and the value as the caller may show it (a file path
     * rather than the PEM content it holds): {@code tls/ca "/etc/ca.pem" (expected: ...)}.
     */
    public MiddlewareException invalidShown(String name, String shownValue, String expected) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(),
                middleware.type(), qualified(name) + " " + shownValue + " (expected: " + expected + ")");
    }

    private MiddlewareException invalid(String name, JsonNode value, String expected) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(),
                middleware.type(), qualified(name) + " " + describe(value) + " (expected: " + expected + ")");
    }

    private Optional<JsonNode> value(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private void collectUnread(List<String> unread) {
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                unread.add(qualified(name));
            }
        });
        sections.forEach(section -> section.collectUnread(unread));
    }

    private String qualified(String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "(not set)";
        }
        return value.isTextual() ? "\"" + value.textValue() + "\"" : value.toString();
    }
}
