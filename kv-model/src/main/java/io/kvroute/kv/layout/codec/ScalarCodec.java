package io.kvroute.kv.layout.codec;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.gotext.GoScalars;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.layout.schema.FieldType;

/**
 * Store text to JSON and back for scalar fields and scalar lists, with Traefik's parsing rules. Parse failures are
 * {@link IllegalArgumentException}s whose message names the text and what was expected.
 */
public final class ScalarCodec {
    private ScalarCodec() {
    }

    /** The JSON form of a scalar {@code type} stored as {@code text}. */
    public static JsonNode decode(FieldType type, String text) {
        return switch (type) {
            case STRING -> TextNode.valueOf(text);
            case INT -> integer(GoScalars.parseInt(text));
            case FLOAT -> DoubleNode.valueOf(GoScalars.parseFloat(text));
            case BOOL -> BooleanNode.valueOf(GoScalars.parseBool(text));
            case DURATION -> TextNode.valueOf(GoDuration.format(GoDuration.parseTraefik(text)));
            case SCALAR_LIST -> list(text);
            default -> throw new IllegalArgumentException("\"" + text + "\" (a " + type + " is not a scalar)");
        };
    }

    /** An integer node: {@link IntNode} when it fits, as Jackson reads small numbers, else {@link LongNode}. */
    public static JsonNode integer(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** A folded scalar list: split on {@code ,}, items trimmed (Traefik's {@code setSlice}). */
    public static ArrayNode list(String text) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String item : text.split(",", -1)) {
            array.add(item.strip());
        }
        return array;
    }

    /**
     * The store text for a JSON scalar of {@code type}: text is validated as Traefik would parse it, numbers and
     * booleans are printed; anything else is rejected.
     */
    public static String encode(FieldType type, JsonNode value) {
        String text;
        if (value.isTextual()) {
            text = value.asText();
        } else if (value.isNumber() && type != FieldType.BOOL) {
            text = value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.asText();
        } else if (value.isBoolean() && (type == FieldType.BOOL || type == FieldType.STRING)) {
            text = value.asText();
        } else {
            throw new IllegalArgumentException(describe(value) + " (expected " + expected(type) + ")");
        }
        decode(type, text);
        return text;
    }

    /** What a value of {@code type} looks like, for messages. */
    public static String expected(FieldType type) {
        return switch (type) {
            case STRING -> "a string";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case BOOL -> "a boolean";
            case DURATION -> "a duration such as 10s or 1m30s, or an integer number of seconds";
            case SCALAR_LIST -> "a list of strings";
            case STRING_MAP -> "an object of strings";
            case INT_MAP -> "an object of integers";
            case STRUCT, STRUCT_MAP, PLUGINS -> "an object";
            case STRUCT_LIST -> "an array of objects";
        };
    }

    static String describe(JsonNode value) {
        if (value.isContainerNode()) {
            return value.isArray() ? "an array" : "an object";
        }
        return "\"" + value.asText() + "\"";
    }
}
