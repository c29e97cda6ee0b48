package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.gotext.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * Reads typed fields of one JSON object of Traefik configuration. A field of the wrong JSON type becomes an
 * {@link Severity#ERROR} problem keyed by its Traefik key path and reads as absent; fields not read can be kept as
 * {@link RawSettings} ({@link #rest()}) or reported ({@link #warnRest()}). Never throws on bad input.
 */
final class FieldReader {
    private final ObjectNode node;
    private final String keyPrefix;
    private final boolean lowerCaseKeys;
    private final EntityRef entity;
    private final List<Problem> problems;
    private final Set<String> consumed = new HashSet<>();

    private FieldReader(ObjectNode node, String keyPrefix, boolean lowerCaseKeys, EntityRef entity,
            List<Problem> problems) {
        this.node = node;
        this.keyPrefix = keyPrefix;
        this.lowerCaseKeys = lowerCaseKeys;
        this.entity = entity;
        this.problems = problems;
    }

    /** A reader whose problem keys are {@code keyPrefix/<field>} (v2/v3 spelling). */
    static FieldReader of(ObjectNode node, String keyPrefix, EntityRef entity, List<Problem> problems) {
        return new FieldReader(node, keyPrefix, false, entity, problems);
    }

    /** A reader whose problem keys use v1's lower-case key spelling: {@code keyPrefix/<field lower-cased>}. */
    static FieldReader ofV1(ObjectNode node, String keyPrefix, EntityRef entity, List<Problem> problems) {
        return new FieldReader(node, keyPrefix, true, entity, problems);
    }

    String key(String field) {
        return (keyPrefix.isEmpty() ? "" : keyPrefix + "/") + (lowerCaseKeys ? field.toLowerCase(Locale.ROOT) : field);
    }

    /** The field's JSON, marked as read. */
    Optional<JsonNode> raw(String field) {
        consumed.add(field);
        return Optional.ofNullable(node.get(field));
    }

    Optional<String> text(String field) {
        return raw(field).flatMap(value -> value.isTextual() ? Optional.of(value.textValue())
                : wrongType(field, value, "a string"));
    }

    OptionalInt integer(String field) {
        Optional<JsonNode> value = raw(field);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get().isIntegralNumber() && value.get().canConvertToInt()) {
            return OptionalInt.of(value.get().intValue());
        }
        wrongType(field, value.get(), "an integer");
        return OptionalInt.empty();
    }

    /** A Go {@code int} field (64-bit, as Traefik runs on 64-bit hosts): priorities and weights. */
    OptionalLong int64(String field) {
        Optional<JsonNode> value = raw(field);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get().isIntegralNumber() && value.get().canConvertToLong()) {
            return OptionalLong.of(value.get().longValue());
        }
        wrongType(field, value.get(), "an integer");
        return OptionalLong.empty();
    }

    Optional<Boolean> bool(String field) {
        return raw(field).flatMap(value -> value.isBoolean() ? Optional.of(value.booleanValue())
                : wrongType(field, value, "true or false"));
    }

    Optional<Duration> duration(String field) {
        Optional<String> text = text(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(GoDuration.parseDuration(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(Problem.error(key(field), text.get(), e.getMessage(), entity));
            return Optional.empty();
        }
    }

    List<String> strings(String field) {
        Optional<JsonNode> value = raw(field);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            wrongType(field, value.get(), "a list of strings");
            return List.of();
        }
        ImmutableList.Builder<String> items = ImmutableList.builder();
        for (int i = 0; i < value.get().size(); i++) {
            JsonNode item = value.get().get(i);
            if (item.isTextual()) {
                items.add(item.textValue());
            } else {
                problems.add(Problem.error(key(field) + "/" + i, describe(item), "expected a string", entity));
            }
        }
        return items.build();
    }

    SortedMap<String, String> stringMap(String field) {
        Optional<FieldReader> map = object(field);
        if (map.isEmpty()) {
            return ImmutableSortedMap.of();
        }
        ImmutableSortedMap.Builder<String, String> entries = ImmutableSortedMap.naturalOrder();
        for (Map.Entry<String, JsonNode> entry : map.get().node.properties()) {
            map.get().text(entry.getKey()).ifPresent(text -> entries.put(entry.getKey(), text));
        }
        return entries.build();
    }

    /** A reader over the field's object, keyed {@code key(field)/...}; a non-object value is reported. */
    Optional<FieldReader> object(String field) {
        Optional<JsonNode> value = raw(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof ObjectNode child) {
            return Optional.of(new FieldReader(child, key(field), lowerCaseKeys, entity, problems));
        }
        return wrongType(field, value.get(), "an object");
    }

    /**
     * Reads a section of named entities: hands every unread member whose name has no '/' or '@' and whose value is an
     * object to {@code entity}, and reports the others as errors (the name kept as is in the problem's key).
     */
    void forEachEntity(BiConsumer<String, ObjectNode> entity) {
        for (String name : unread()) {
            JsonNode value = raw(name).orElseThrow();
            if (name.isEmpty() || name.contains("/") || name.contains("@")) {
                problems.add(Problem.error((keyPrefix.isEmpty() ? "" : keyPrefix + "/") + name, describe(value),
                        "expected a name without '/' or '@'", this.entity));
            } else if (value instanceof ObjectNode object) {
                entity.accept(name, object);
            } else {
                error(name, describe(value), "expected an object");
            }
        }
    }

    /** A reader over {@code child}, keyed {@code <this prefix>/segment/...} (segment kept as is: a name or id). */
    FieldReader child(ObjectNode child, String segment) {
        return new FieldReader(child, (keyPrefix.isEmpty() ? "" : keyPrefix + "/") + segment, lowerCaseKeys, entity,
                problems);
    }

    /** The names of the fields not read yet. */
    List<String> unread() {
        List<String> unread = List.of();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!consumed.contains(name)) {
                if (unread.isEmpty()) {
                    unread = new ArrayList<>();
                }
                unread.add(name);
            }
        }
        return unread;
    }

    /**
     * The fields not read, kept verbatim and now marked as read; if one cannot be kept (a name with '/'), the rest is
     * reported and dropped.
     */
    RawSettings rest() {
        ObjectNode rest = node.objectNode();
        for (String name : unread()) {
            rest.set(name, node.get(name));
            consumed.add(name);
        }
        try {
            return RawSettings.fromJson(rest);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.warning(keyPrefix, "", "untyped settings dropped: " + e.getMessage(), entity));
            return RawSettings.empty();
        }
    }

    /** Reports every field not read as a warning: kvroute ignores it. */
    void warnRest() {
        for (String name : unread()) {
            problems.add(Problem.warning(key(name), describe(node.get(name)), "unknown field, ignored", entity));
        }
    }

    void error(String field, String value, String reason) {
        problems.add(Problem.error(key(field), value, reason, entity));
    }

    void warning(String field, String value, String reason) {
        problems.add(Problem.warning(key(field), value, reason, entity));
    }

    /** A value as problem text: scalars as their text, containers as compact JSON. */
    static String describe(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private <T> Optional<T> wrongType(String field, JsonNode value, String expected) {
        problems.add(Problem.error(key(field), describe(value), "expected " + expected, entity));
        return Optional.empty();
    }
}
