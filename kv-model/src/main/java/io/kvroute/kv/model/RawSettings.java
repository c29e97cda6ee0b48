package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Settings the model does not type (opaque services and middlewares, TLS options, extra fields), kept as an
 * immutable flattened key map: {@code domains/0/main -> "a.com"}. Paths use {@code /} like Traefik's keys; path
 * prefixes listed in {@code arrays} are JSON arrays whose children are indices {@code 0..n-1}. Converts to and from
 * JSON losslessly (object field names must not contain {@code /}).
 */
public record RawSettings(SortedMap<String, RawValue> values, SortedSet<String> arrays) {
    private static final RawSettings EMPTY = new RawSettings(ImmutableSortedMap.of(), ImmutableSortedSet.of());
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public RawSettings {
        values = ImmutableSortedMap.copyOfSorted(requireNonNull(values, "values"));
        arrays = ImmutableSortedSet.copyOfSorted(requireNonNull(arrays, "arrays"));
        for (String path : values.keySet()) {
            if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
                throw new IllegalArgumentException("values: path \"" + path + "\" (expected: non-empty segments)");
            }
        }
    }

    public static RawSettings empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The leaf at {@code path}, if any. */
    public Optional<RawValue> get(String path) {
        return Optional.ofNullable(values.get(path));
    }

    /**
     * Flattens a JSON object. Throws {@link IllegalArgumentException} naming the field if a field name contains
     * {@code /} or is empty (such a name cannot come from a key/value store).
     */
    public static RawSettings fromJson(ObjectNode object) {
        requireNonNull(object, "object");
        ImmutableSortedMap.Builder<String, RawValue> values = ImmutableSortedMap.naturalOrder();
        ImmutableSortedSet.Builder<String> arrays = ImmutableSortedSet.naturalOrder();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            checkName(field.getKey());
            flatten(field.getKey(), field.getValue(), values, arrays);
        }
        return new RawSettings(values.build(), arrays.build());
    }

    /** A fresh JSON object holding these settings. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.objectNode();
        for (Map.Entry<String, RawValue> leaf : values.entrySet()) {
            String[] segments = leaf.getKey().split("/");
            JsonNode parent = root;
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < segments.length - 1; i++) {
                path.append(i == 0 ? "" : "/").append(segments[i]);
                parent = child(parent, segments[i], arrays.contains(path.toString()));
            }
            put(parent, segments[segments.length - 1], toNode(leaf.getValue()));
        }
        return root;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("field \"" + name + "\" (expected: a non-empty name without '/')");
        }
    }

    private static void flatten(String path, JsonNode node, ImmutableSortedMap.Builder<String, RawValue> values,
            ImmutableSortedSet.Builder<String> arrays) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                values.put(path, RawValue.emptyObject());
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkName(field.getKey());
                flatten(path + "/" + field.getKey(), field.getValue(), values, arrays);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                values.put(path, new RawValue(RawValue.Kind.EMPTY_ARRAY, ""));
            } else {
                arrays.add(path);
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "/" + i, node.get(i), values, arrays);
            }
        } else if (node.isNumber()) {
            values.put(path, new RawValue(RawValue.Kind.NUMBER, node.asText()));
        } else if (node.isBoolean()) {
            values.put(path, RawValue.bool(node.booleanValue()));
        } else if (node.isNull()) {
            values.put(path, new RawValue(RawValue.Kind.NULL, ""));
        } else {
            values.put(path, RawValue.string(node.asText()));
        }
    }

    private static JsonNode child(JsonNode parent, String segment, boolean isArray) {
        JsonNode existing = parent.isArray() ? parent.get(Integer.parseInt(segment)) : parent.get(segment);
        if (existing != null && !existing.isNull()) {
            return existing;
        }
        JsonNode created = isArray ? JSON.arrayNode() : JSON.objectNode();
        put(parent, segment, created);
        return created;
    }

    private static void put(JsonNode parent, String segment, JsonNode value) {
        if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(segment);
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
        } else {
            ((ObjectNode) parent).set(segment, value);
        }
    }

    private static JsonNode toNode(RawValue value) {
        return switch (value.kind()) {
            case STRING -> JSON.textNode(value.text());
            case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(value.text()));
            case NULL -> JSON.nullNode();
            case EMPTY_OBJECT -> JSON.objectNode();
            case EMPTY_ARRAY -> JSON.arrayNode();
            case NUMBER -> number(value.text());
        };
    }

    private static JsonNode number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        boolean integral = !text.contains(".") && !text.contains("e") && !text.contains("E");
        if (!integral) {
            return JSON.numberNode(Double.parseDouble(text));
        }
        BigInteger whole = decimal.toBigIntegerExact();
        if (whole.bitLength() < 32) {
            return JSON.numberNode(whole.intValue());
        }
        if (whole.bitLength() < 64) {
            return JSON.numberNode(whole.longValue());
        }
        return JSON.numberNode(whole);
    }
}
