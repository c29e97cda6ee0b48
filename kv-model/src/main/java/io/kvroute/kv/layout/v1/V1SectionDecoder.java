package io.kvroute.kv.layout.v1;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.gotext.GoScalars;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.layout.codec.ProblemSink;
import io.kvroute.kv.layout.codec.ScalarCodec;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one Traefik 1.7 section ({@link V1Section}) from its key tree the way {@code kv_config.go} does, into
 * Traefik 1.x JSON. Unparsable values are errors (Traefik 1.7 logs them and uses the default); keys the schema
 * does not know are warnings, since Traefik 1.7 never reads them.
 */
public final class V1SectionDecoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private V1SectionDecoder() {
    }

    /** The object for {@code section} read from {@code node} (absent keys: {@code null}), or null if not built. */
    public static ObjectNode decode(V1Section section, V1Node node, ProblemSink sink) {
        ObjectNode object = JSON.objectNode();
        for (V1Field field : section.fields()) {
            JsonNode value = readField(field, locate(field, node), sink);
            if (value != null && (field.alwaysEmit() || !isZero(value))) {
                object.set(field.jsonName(), value);
            }
        }
        for (V1Section nested : section.sections()) {
            V1Node nestedNode = node == null ? null : node.child(nested.key()).orElse(null);
            JsonNode value = nested.named() ? decodeNamed(nested, nestedNode, sink) : decode(nested, nestedNode, sink);
            if (value != null) {
                object.set(nested.jsonName(), value);
            }
        }
        if (node != null) {
            reportUnknown(section, node, sink);
        }
        return isPresent(section, node, object, sink) ? object : null;
    }

    private static ObjectNode decodeNamed(V1Section section, V1Node node, ProblemSink sink) {
        if (node == null) {
            return null;
        }
        ObjectNode entries = JSON.objectNode();
        for (V1Node child : node.children()) {
            ObjectNode entry = decode(section, child, sink);
            if (entry != null) {
                entries.set(child.name(), entry);
            } else {
                sink.warning(child.key(), child.valueOrEmpty(), "ignored by Traefik 1.7: " + section.key() + "/"
                        + child.name() + " has no " + section.presenceField());
            }
        }
        return entries.isEmpty() ? null : entries;
    }

    private static V1Node locate(V1Field field, V1Node node) {
        if (node == null) {
            return null;
        }
        Optional<V1Node> own = node.child(field.key());
        if (own.isPresent() && (!own.get().valueOrEmpty().isEmpty() || own.get().hasChildren())) {
            return own.get();
        }
        return field.fallbackKey().flatMap(node::child).or(() -> own).orElse(null);
    }

    private static JsonNode readField(V1Field field, V1Node node, ProblemSink sink) {
        String value = node == null ? "" : node.valueOrEmpty();
        try {
            return switch (field.type()) {
                case STRING -> node == null || node.value().isEmpty()
                        ? field.defaultValue().map(TextNode::valueOf).orElse(null)
                        : TextNode.valueOf(value);
                case INT -> value.isEmpty()
                        ? field.defaultValue().map(d -> ScalarCodec.integer(GoScalars.parseInt(d))).orElse(null)
                        : ScalarCodec.integer(GoScalars.parseInt(value));
                case BOOL -> value.isEmpty()
                        ? field.defaultValue().map(d -> BooleanNode.valueOf(GoScalars.parseBool(d))).orElse(null)
                        : BooleanNode.valueOf(GoScalars.parseBool(value));
                case DURATION -> value.isEmpty() ? null
                        : TextNode.valueOf(GoDuration.format(GoDuration.parseTraefik(value)));
                case LIST -> readList(node);
                case HEADER_MAP -> readHeaders(node);
                case IGNORED -> null;
            };
        } catch (IllegalArgumentException e) {
            sink.error(node == null ? field.key() : node.key(), value, field.key() + ": " + e.getMessage());
            return null;
        }
    }

    private static ArrayNode readList(V1Node node) {
        ArrayNode list = JSON.arrayNode();
        if (node == null) {
            return list;
        }
        if (!node.valueOrEmpty().isEmpty()) {
            for (String item : node.valueOrEmpty().split(",")) {
                if (!item.strip().isEmpty()) {
                    list.add(item.strip());
                }
            }
            return list;
        }
        for (V1Node item : node.children()) {
            if (!item.valueOrEmpty().isEmpty()) {
                list.add(item.valueOrEmpty());
            }
        }
        return list;
    }

    private static ObjectNode readHeaders(V1Node node) {
        ObjectNode headers = JSON.objectNode();
        if (node != null) {
            for (V1Node header : node.children()) {
                headers.put(CanonicalHeaderKey.of(header.name()), header.valueOrEmpty());
            }
        }
        return headers;
    }

    private static boolean isPresent(V1Section section, V1Node node, ObjectNode object, ProblemSink sink) {
        return switch (section.presence()) {
            case ALWAYS -> true;
            case ANY_KEY -> node != null && node.hasChildren();
            case ANY_VALUE -> node != null && node.children().stream().anyMatch(c -> !c.valueOrEmpty().isEmpty());
            case FIELD_SET -> section.fields().stream()
                    .filter(f -> f.key().equals(section.presenceField()))
                    .anyMatch(f -> object.has(f.jsonName()));
            case OWN_VALUE_TRUE -> node != null && ownValueTrue(node, sink);
            case NON_ZERO -> !object.isEmpty();
        };
    }

    private static boolean ownValueTrue(V1Node node, ProblemSink sink) {
        if (node.valueOrEmpty().isEmpty()) {
            return false;
        }
        try {
            return GoScalars.parseBool(node.valueOrEmpty());
        } catch (IllegalArgumentException e) {
            sink.error(node.key(), node.valueOrEmpty(), node.name() + ": " + e.getMessage());
            return false;
        }
    }

    /** Warns about child keys no field or section of {@code section} reads. */
    private static void reportUnknown(V1Section section, V1Node node, ProblemSink sink) {
        Set<String> known = new HashSet<>();
        section.fields().forEach(f -> {
            known.add(f.key());
            f.fallbackKey().ifPresent(known::add);
        });
        section.sections().forEach(s -> known.add(s.key()));
        for (V1Node child : node.children()) {
            if (!known.contains(child.name())) {
                sink.warning(child.key(), child.valueOrEmpty(), "unknown key \"" + child.name()
                        + "\": ignored by Traefik 1.7");
            }
        }
    }

    private static boolean isZero(JsonNode value) {
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        if (value.isBoolean()) {
            return !value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asLong() == 0;
        }
        return value.asText().isEmpty();
    }
}
