package io.kvroute.kv.layout.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.layout.EncodeOptions;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.schema.Field;
import io.kvroute.kv.layout.schema.FieldType;
import io.kvroute.kv.layout.schema.StructSchema;
import io.kvroute.kv.model.EntityRef;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes Traefik JSON as store pairs following a {@link StructSchema}: canonical key spellings, scalar lists as
 * zero-padded {@code /0 /1 ...} items, struct-list children named by {@link StructListNaming}, allowEmpty empty
 * objects as {@code ""}, an empty struct that Traefik allocates anyway (a default) not at all; fields newer than the
 * target layout are omitted with a warning.
 */
public final class SchemaWriter {
    private final EncodeOptions options;
    private final PairWriter writer;

    public SchemaWriter(EncodeOptions options, PairWriter writer) {
        this.options = requireNonNull(options, "options");
        this.writer = requireNonNull(writer, "writer");
    }

    /** Writes the fields of {@code object} below {@code key}. */
    public void writeStruct(StructSchema schema, JsonNode object, String key, EntityRef entity, boolean skipDefaults) {
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String childKey = key + "/" + property.getKey();
            Optional<Field> field = schema.field(property.getKey()).filter(Field::shown);
            if (field.isEmpty()) {
                error(entity, childKey, property.getValue(), "unknown field \"" + property.getKey() + "\" in "
                        + schema.name() + " (expected one of: " + schema.fieldNames() + ")");
                continue;
            }
            Field f = field.get();
            writeField(f, property.getValue(), key + "/" + f.name(), entity, skipDefaults);
        }
    }

    private void writeField(Field field, JsonNode value, String key, EntityRef entity, boolean skipDefaults) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (options.target() == Layout.V2 && field.since().major() >= 3) {
            writer.sink().absorb(warning(entity, key, value, "omitted for Traefik v2: " + field.name()
                    + " needs Traefik " + field.since() + " or later"));
            return;
        }
        if (skipDefaults && isDefault(field, value)) {
            return;
        }
        switch (field.type()) {
            case STRING, INT, FLOAT, BOOL, DURATION -> writeScalar(field, value, key, entity);
            case SCALAR_LIST -> writeList(field, value, key, entity);
            case STRING_MAP, INT_MAP -> writeMap(field, value, key, entity);
            case STRUCT -> writeNested(field, value, key, entity, skipDefaults);
            case STRUCT_LIST -> writeStructList(field, value, key, entity, skipDefaults);
            case STRUCT_MAP -> writeStructMap(field, value, key, entity, skipDefaults);
            case PLUGINS -> RawTree.write(value, key, writer, 0);
        }
    }

    private void writeScalar(Field field, JsonNode value, String key, EntityRef entity) {
        try {
            writer.put(key, ScalarCodec.encode(field.type(), value));
        } catch (IllegalArgumentException e) {
            error(entity, key, value, field.name() + ": " + e.getMessage());
        }
    }

    private void writeList(Field field, JsonNode value, String key, EntityRef entity) {
        if (value.isTextual()) {
            writer.put(key, value.asText());
            return;
        }
        if (!value.isArray()) {
            error(entity, key, value, field.name() + ": " + ScalarCodec.describe(value) + " (expected a list)");
            return;
        }
        for (JsonNode item : value) {
            if (item.isContainerNode() || item.isNull()) {
                error(entity, key, value, field.name() + ": item " + ScalarCodec.describe(item)
                        + " (expected strings)");
                return;
            }
            if (item.asText().contains(",")) {
                error(entity, key, item, field.name() + ": item \"" + item.asText()
                        + "\" contains ',' (Traefik splits list items on commas)");
                return;
            }
        }
        for (int i = 0; i < value.size(); i++) {
            writer.put(key + "/" + StructListNaming.paddedIndex(i, value.size()), value.get(i).asText());
        }
    }

    private void writeMap(Field field, JsonNode value, String key, EntityRef entity) {
        if (!value.isObject()) {
            error(entity, key, value, field.name() + ": " + ScalarCodec.describe(value) + " (expected "
                    + ScalarCodec.expected(field.type()) + ")");
            return;
        }
        FieldType entryType = field.type() == FieldType.INT_MAP ? FieldType.INT : FieldType.STRING;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!writer.validName(key, entry.getKey())) {
                continue;
            }
            String entryKey = key + "/" + entry.getKey();
            try {
                writer.put(entryKey, ScalarCodec.encode(entryType, entry.getValue()));
            } catch (IllegalArgumentException e) {
                error(entity, entryKey, entry.getValue(), field.name() + "/" + entry.getKey() + ": "
                        + e.getMessage());
            }
        }
    }

    private void writeNested(Field field, JsonNode value, String key, EntityRef entity, boolean skipDefaults) {
        if (!value.isObject()) {
            error(entity, key, value, field.name() + ": " + ScalarCodec.describe(value) + " (expected an object)");
            return;
        }
        int before = writer.size();
        writeStruct(field.structSchema(), value, key, entity, skipDefaults);
        if (writer.size() > before) {
            return;
        }
        if (field.allowEmpty()) {
            writer.put(key, "");
        } else if (isDefault(field, value)) {
            return;
        } else if (skipDefaults && !value.isEmpty()) {
            writeStruct(field.structSchema(), value, key, entity, false);
        } else {
            writer.sink().absorb(warning(entity, key, value, "not written: " + field.name()
                    + " has nothing to write and Traefik needs at least one sub-key"));
        }
    }

    private void writeStructList(Field field, JsonNode value, String key, EntityRef entity, boolean skipDefaults) {
        if (!value.isArray()) {
            error(entity, key, value, field.name() + ": " + ScalarCodec.describe(value) + " (expected an array)");
            return;
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String name = options.naming().childName(key, i, value.size(), element);
            if (name == null || !writer.validName(key, name)) {
                continue;
            }
            EntityRef elementEntity = field.entityKind().map(kind -> new EntityRef(kind, name)).orElse(entity);
            if (!used.add(name.toLowerCase(Locale.ROOT))) {
                error(elementEntity, key + "/" + name, element, "element name \"" + name + "\" used twice (names "
                        + "differing only in case merge into one element)");
                continue;
            }
            if (!element.isObject()) {
                error(elementEntity, key + "/" + name, element, field.name() + ": element "
                        + ScalarCodec.describe(element) + " (expected an object)");
                continue;
            }
            writeEntry(field.structSchema(), element, key + "/" + name, elementEntity, skipDefaults);
        }
    }

    private void writeStructMap(Field field, JsonNode value, String key, EntityRef entity, boolean skipDefaults) {
        if (!value.isObject()) {
            error(entity, key, value, field.name() + ": " + ScalarCodec.describe(value) + " (expected an object)");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!writer.validName(key, entry.getKey())) {
                continue;
            }
            EntityRef entryEntity = field.entityKind()
                    .map(kind -> new EntityRef(kind, entry.getKey()))
                    .orElse(entity);
            String entryKey = key + "/" + entry.getKey();
            if (!entry.getValue().isObject()) {
                error(entryEntity, entryKey, entry.getValue(), field.name() + "/" + entry.getKey() + ": "
                        + ScalarCodec.describe(entry.getValue()) + " (expected an object)");
                continue;
            }
            writeEntry(field.structSchema(), entry.getValue(), entryKey, entryEntity, skipDefaults);
        }
    }

    private void writeEntry(StructSchema schema, JsonNode object, String key, EntityRef entity, boolean skipDefaults) {
        int before = writer.size();
        writeStruct(schema, object, key, entity, skipDefaults);
        if (writer.size() == before && skipDefaults && !object.isEmpty()) {
            writeStruct(schema, object, key, entity, false);
        }
        if (writer.size() == before) {
            writer.sink().absorb(warning(entity, key, object, "not written: an empty " + schema.name()
                    + " has no key to carry it"));
        }
    }

    private static boolean isDefault(Field field, JsonNode value) {
        if (field.defaultValue().isEmpty()) {
            return false;
        }
        JsonNode defaultNode = NodeTyper.defaultNode(field, field.defaultValue().get());
        if (field.type() == FieldType.SCALAR_LIST || field.type() == FieldType.STRUCT) {
            return defaultNode.equals(value);
        }
        try {
            return defaultNode.equals(ScalarCodec.decode(field.type(), ScalarCodec.encode(field.type(), value)));
        } catch (IllegalArgumentException notParsable) {
            return false;
        }
    }

    private void error(EntityRef entity, String key, JsonNode value, String reason) {
        ProblemSink scope = new ProblemSink(entity);
        scope.error(key, text(value), reason);
        writer.sink().absorb(scope);
    }

    private static ProblemSink warning(EntityRef entity, String key, JsonNode value, String reason) {
        ProblemSink scope = new ProblemSink(entity);
        scope.warning(key, text(value), reason);
        return scope;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
