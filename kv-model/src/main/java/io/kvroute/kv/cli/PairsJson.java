package io.kvroute.kv.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kvroute.kv.store.KvPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads key/value pairs from JSON ({@code {"key": "value"}} or a test vector's {@code "pairs"}) and prints JSON. */
final class PairsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PairsJson() {
    }

    static List<KvPair> read(String source, InputStream stdin) {
        JsonNode root;
        try {
            root = "-".equals(source) ? MAPPER.readTree(stdin) : MAPPER.readTree(Files.readAllBytes(Path.of(source)));
        } catch (NoSuchFileException e) {
            throw CliException.usage(source + ": no such file");
        } catch (JsonProcessingException e) {
            throw CliException.usage(name(source) + ": not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw CliException.usage(name(source) + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw CliException.usage(name(source) + ": empty input (expected a JSON object of key/value pairs)");
        }
        JsonNode pairs = root.has("pairs") && root.get("pairs").isObject() ? root.get("pairs") : root;
        if (!pairs.isObject()) {
            throw CliException.usage(name(source) + ": a JSON " + pairs.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + " (expected an object {\"key\": \"value\", ...})");
        }
        List<KvPair> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : pairs.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw CliException.usage(name(source) + ": key '" + field.getKey() + "' has a JSON "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " (expected a string value)");
            }
            result.add(KvPair.of(field.getKey(), value.asText()));
        }
        return result;
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(String source) {
        return "-".equals(source) ? "standard input" : source;
    }
}
