package io.kvroute.kv.layout.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.node.CaseFold;
import io.kvroute.kv.layout.node.KvNode;
import io.kvroute.kv.layout.schema.Field;
import io.kvroute.kv.layout.schema.FieldType;
import io.kvroute.kv.layout.schema.StructSchema;
import io.kvroute.kv.model.EntityRef;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns Traefik's untyped key tree into Traefik JSON following a {@link StructSchema}: paerser's metadata and fill
 * passes (step 7 and 8 of the decoding algorithm) with Go's {@code omitempty} applied to the result. Unlike
 * Traefik, a failure does not abort the decode: it is reported to the {@link ProblemSink} and only the offending
 * field is skipped; for isolated maps and lists (routers, services, middlewares, TLS certificates, options and
 * stores) the failing entry is left out.
 */
public final class NodeTyper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How deep a map entry's sub-keys may go (Traefik has no bound; this keeps the stack bounded). */
    private static final int MAX_MAP_DEPTH = 64;

    private NodeTyper() {
    }

    /** A new struct of {@code schema} with its defaults, filled from the children of {@code node}. */
    public static ObjectNode typeStruct(StructSchema schema, KvNode node, ProblemSink sink) {
        ObjectNode target = newStruct(schema);
        fill(schema, target, node, sink);
        return target;
    }

    /** An allocated struct: the fields set by its {@code SetDefaults}, nothing else. */
    public static ObjectNode newStruct(StructSchema schema) {
        ObjectNode target = JSON.objectNode();
        for (Field field : schema.fields()) {
            field.defaultValue().ifPresent(text -> target.set(field.name(), defaultNode(field, text)));
        }
        return target;
    }

    /** The JSON form of a field's default. */
    public static JsonNode defaultNode(Field field, String text) {
        if (field.type() == FieldType.STRUCT) {
            return newStruct(field.structSchema());
        }
        return ScalarCodec.decode(field.type(), text);
    }

    private static void fill(StructSchema schema, ObjectNode target, KvNode node, ProblemSink sink) {
        for (KvNode child : node.children()) {
            Optional<Field> field = schema.field(child.name());
            if (field.isEmpty()) {
                sink.error(child.key(), child.valueOrEmpty(), "unknown field \"" + child.name() + "\" in "
                        + schema.name() + " (expected one of: " + schema.fieldNames() + ")");
                continue;
            }
            Field f = field.get();
            switch (f.reading()) {
                case READ -> {
                    JsonNode typed = typeField(f, child, target.get(f.name()), sink);
                    if (typed != null) {
                        target.set(f.name(), typed);
                    }
                }
                case IGNORED -> {
                    checkShape(f, child, true, sink);
                    sink.warning(child.key(), child.valueOrEmpty(), "ignored by Traefik: " + schema.name() + " "
                            + f.name() + " is set by other providers only, the KV store's is not read");
                }
                case HIDDEN -> {
                    JsonNode typed = typeField(f, child, null, sink);
                    if (typed != null && applies(f, typed)) {
                        sink.unapplied(child.key(), child.valueOrEmpty(), schema.name() + " " + f.name()
                                + " is applied by Traefik (its JSON does not show it) but not by kvroute");
                    }
                }
            }
        }
        omitEmpty(schema, target);
    }

    /**
     * paerser's metadata pass over a field it does not fill ({@code kv:"-"}): sub-keys must name fields of its
     * struct, a single value takes no sub-keys, and a struct or map below needs sub-keys ({@code top}, the ignored
     * field itself, is exempt); values are never parsed.
     */
    private static void checkShape(Field field, KvNode node, boolean top, ProblemSink sink) {
        switch (field.type()) {
            case STRING, INT, FLOAT, BOOL, DURATION -> {
                if (node.hasChildren()) {
                    KvNode first = node.children().get(0);
                    sink.error(first.key(), first.valueOrEmpty(), field.name() + " takes a single value ("
                            + ScalarCodec.expected(field.type()) + "), not sub-keys");
                }
            }
            case SCALAR_LIST -> node.children().stream().filter(KvNode::hasChildren).findFirst().ifPresent(item ->
                    sink.error(item.children().get(0).key(), item.children().get(0).valueOrEmpty(), "list "
                            + field.name() + " holds strings: its item " + item.name() + " cannot have sub-keys"));
            case STRUCT, STRING_MAP, INT_MAP, STRUCT_MAP, PLUGINS -> {
                if (!top && !node.hasChildren() && !field.allowEmpty()) {
                    standalone(field, node, sink);
                } else if (field.type() == FieldType.STRUCT) {
                    checkStructShape(field.structSchema(), node, sink);
                } else if (field.type() == FieldType.STRUCT_MAP) {
                    node.children().forEach(entry -> checkStructShape(field.structSchema(), entry, sink));
                }
            }
            case STRUCT_LIST -> node.children().forEach(element -> checkStructShape(field.structSchema(), element,
                    sink));
        }
    }

    private static void checkStructShape(StructSchema schema, KvNode node, ProblemSink sink) {
        for (KvNode child : node.children()) {
            Optional<Field> field = schema.field(child.name());
            if (field.isEmpty()) {
                sink.error(child.key(), child.valueOrEmpty(), "unknown field \"" + child.name() + "\" in "
                        + schema.name() + " (expected one of: " + schema.fieldNames() + ")");
            } else {
                checkShape(field.get(), child, field.get().reading() == Field.Reading.IGNORED, sink);
            }
        }
    }

    /** Whether a field Traefik applies without showing it changes what Traefik does with the value it was given. */
    private static boolean applies(Field field, JsonNode typed) {
        return switch (field.type()) {
            case BOOL -> typed.asBoolean();
            case DURATION -> GoDuration.parseDuration(typed.asText()).compareTo(Duration.ZERO) > 0;
            default -> true;
        };
    }

    /** The typed value of {@code node} for {@code field}, or {@code null} to leave the target unchanged. */
    private static JsonNode typeField(Field field, KvNode node, JsonNode existing, ProblemSink sink) {
        return switch (field.type()) {
            case STRING, INT, FLOAT, BOOL, DURATION -> scalar(field, node, sink);
            case SCALAR_LIST -> scalarList(field, node, sink);
            case STRING_MAP, INT_MAP -> map(field, node, existing, sink);
            case STRUCT -> struct(field, node, existing, sink);
            case STRUCT_LIST -> structList(field, node, sink);
            case STRUCT_MAP -> structMap(field, node, existing, sink);
            case PLUGINS -> admitted(field, node, sink) ? PluginConfs.toJson(node, sink) : null;
        };
    }

    private static JsonNode scalar(Field field, KvNode node, ProblemSink sink) {
        if (node.hasChildren()) {
            KvNode first = node.children().get(0);
            sink.error(first.key(), first.valueOrEmpty(), field.name() + " takes a single value ("
                    + ScalarCodec.expected(field.type()) + "), not sub-keys");
            return null;
        }
        try {
            return ScalarCodec.decode(field.type(), node.valueOrEmpty());
        } catch (IllegalArgumentException e) {
            sink.error(node.key(), node.valueOrEmpty(), field.name() + ": " + e.getMessage());
            return null;
        }
    }

    private static JsonNode scalarList(Field field, KvNode node, ProblemSink sink) {
        for (KvNode item : node.children()) {
            if (item.hasChildren()) {
                KvNode first = item.children().get(0);
                sink.error(first.key(), first.valueOrEmpty(), "list " + field.name()
                        + " holds strings: its item " + item.name() + " cannot have sub-keys");
            } else {
                sink.warning(item.key(), item.valueOrEmpty(), "ignored by Traefik: items of list " + field.name()
                        + " need an all-digit index, not \"" + item.name() + "\"");
            }
        }
        String value = node.valueOrEmpty();
        return value.isEmpty() ? null : ScalarCodec.list(value);
    }

    /** paerser's standalone and allowEmpty rules for struct and map nodes; false when the node is skipped. */
    private static boolean admitted(Field field, KvNode node, ProblemSink sink) {
        String value = node.valueOrEmpty();
        if (!node.hasChildren() && !field.allowEmpty()) {
            standalone(field, node, sink);
            return false;
        }
        if (field.allowEmpty()) {
            return value.isEmpty() || CaseFold.equal(value, "true");
        }
        if (!value.isEmpty()) {
            sink.warning(node.key(), value, "ignored by Traefik: " + field.name()
                    + " has sub-keys, its own value is not read");
        }
        return true;
    }

    private static void standalone(Field field, KvNode node, ProblemSink sink) {
        sink.error(node.key(), node.valueOrEmpty(), field.name() + " cannot be a standalone element (expected sub-keys "
                + field.name() + "/<name>" + (field.type() == FieldType.STRUCT ? "" : "/...") + ")");
    }

    private static JsonNode map(Field field, KvNode node, JsonNode existing, ProblemSink sink) {
        if (!admitted(field, node, sink)) {
            return null;
        }
        ObjectNode map = existing instanceof ObjectNode object ? object : JSON.objectNode();
        for (KvNode entry : node.children()) {
            putEntry(field, map, entry.name(), entry, sink, 0);
        }
        return map;
    }

    /**
     * Puts one entry of a map of scalars; an entry with sub-keys is flattened as paerser v0.2.2 does, each leaf below
     * it becoming an entry named by the path joined with dots ({@code X-A/b} is {@code X-A.b}).
     */
    private static void putEntry(Field field, ObjectNode map, String name, KvNode entry, ProblemSink sink,
            int depth) {
        if (entry.hasChildren() && depth == MAX_MAP_DEPTH) {
            sink.error(entry.key(), entry.valueOrEmpty(), "map entry " + name + " of " + field.name()
                    + " nested deeper than " + MAX_MAP_DEPTH + " levels");
            return;
        }
        if (entry.hasChildren()) {
            if (!entry.valueOrEmpty().isEmpty()) {
                sink.warning(entry.key(), entry.valueOrEmpty(), "ignored by Traefik: map entry " + name + " of "
                        + field.name() + " has sub-keys (entries " + name + ".<sub-key>), its own value is not read");
            }
            for (KvNode child : entry.children()) {
                putEntry(field, map, name + "." + child.name(), child, sink, depth + 1);
            }
            return;
        }
        if (field.type() == FieldType.STRING_MAP) {
            map.put(name, entry.valueOrEmpty());
            return;
        }
        try {
            map.set(name, ScalarCodec.decode(FieldType.INT, entry.valueOrEmpty()));
        } catch (IllegalArgumentException e) {
            sink.error(entry.key(), entry.valueOrEmpty(), field.name() + "/" + name + ": " + e.getMessage());
        }
    }

    private static JsonNode struct(Field field, KvNode node, JsonNode existing, ProblemSink sink) {
        if (!admitted(field, node, sink)) {
            return null;
        }
        StructSchema schema = field.structSchema();
        ObjectNode target = existing instanceof ObjectNode object ? object : newStruct(schema);
        fill(schema, target, node, sink);
        return target;
    }

    private static JsonNode structList(Field field, KvNode node, ProblemSink sink) {
        if (!node.valueOrEmpty().isEmpty()) {
            sink.warning(node.key(), node.valueOrEmpty(), "ignored by Traefik: the value of list "
                    + field.name() + " itself is not read");
        }
        StructSchema schema = field.structSchema();
        ArrayNode elements = JSON.arrayNode();
        for (KvNode child : node.children()) {
            ProblemSink scope = scope(field, child.segment(), sink);
            if (!child.hasChildren()) {
                scope.warning(child.key(), child.valueOrEmpty(), "element " + child.name() + " of "
                        + field.name() + " has no sub-keys: Traefik decodes it as an empty element");
            }
            ObjectNode element = typeStruct(schema, child, scope);
            if (scope == sink || absorbed(scope, sink)) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static JsonNode structMap(Field field, KvNode node, JsonNode existing, ProblemSink sink) {
        if (!admitted(field, node, sink)) {
            return null;
        }
        StructSchema schema = field.structSchema();
        ObjectNode map = existing instanceof ObjectNode object ? object : JSON.objectNode();
        for (KvNode child : node.children()) {
            ProblemSink scope = scope(field, child.name(), sink);
            if (!child.hasChildren()) {
                scope.warning(child.key(), child.valueOrEmpty(), "entry " + child.name() + " of " + field.name()
                        + " has no sub-keys: Traefik decodes it as an empty " + schema.name());
            }
            ObjectNode entry = typeStruct(schema, child, scope);
            if (scope == sink || absorbed(scope, sink)) {
                map.set(child.name(), entry);
            }
        }
        return map;
    }

    /** The sink of one entry of an isolated map or list (named {@code name}), else {@code sink} itself. */
    private static ProblemSink scope(Field field, String name, ProblemSink sink) {
        if (!field.isolated()) {
            return sink;
        }
        return new ProblemSink(field.entityKind().map(kind -> new EntityRef(kind, name)).orElse(null));
    }

    /** Passes an isolated entry's problems on; true when the entry decoded without error and stays. */
    private static boolean absorbed(ProblemSink scope, ProblemSink sink) {
        sink.absorb(scope);
        return !scope.failed();
    }

    /** Go's {@code omitempty}: non-pointer fields holding a zero value are left out of the JSON. */
    private static void omitEmpty(StructSchema schema, ObjectNode target) {
        for (Field field : schema.fields()) {
            JsonNode value = target.get(field.name());
            if (value != null && isOmitted(field, value)) {
                target.remove(field.name());
            }
        }
    }

    private static boolean isOmitted(Field field, JsonNode value) {
        if (field.type() == FieldType.STRUCT) {
            return false;
        }
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        if (field.pointer()) {
            return false;
        }
        return switch (field.type()) {
            case STRING -> value.asText().isEmpty();
            case INT, FLOAT -> value.asDouble() == 0;
            case BOOL -> !value.asBoolean();
            case DURATION -> value.equals(TextNode.valueOf("0s"));
            default -> false;
        };
    }
}
