package io.kvroute.kv.layout.v1;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.gotext.GoScalars;
import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.codec.PairWriter;
import io.kvroute.kv.layout.codec.ProblemSink;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one Traefik 1.x JSON object as Traefik 1.7 keys following its {@link V1Section}: lists as zero-padded
 * {@code /0 /1 ...} children, a {@code stickiness} object as {@code loadbalancer/stickiness=true} plus its keys.
 */
public final class V1SectionEncoder {
    private V1SectionEncoder() {
    }

    public static void encode(V1Section section, JsonNode object, String key, PairWriter writer, ProblemSink sink) {
        if (section.presence() == V1Section.Presence.OWN_VALUE_TRUE) {
            writer.put(key, "true");
        }
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String name = property.getKey();
            JsonNode value = property.getValue();
            Optional<V1Field> field = section.fields().stream().filter(f -> f.jsonName().equals(name)).findFirst();
            Optional<V1Section> nested = section.sections().stream().filter(s -> s.jsonName().equals(name))
                    .findFirst();
            if (value == null || value.isNull()) {
                continue;
            }
            if (field.isPresent()) {
                writeField(field.get(), value, key + "/" + field.get().key(), writer, sink);
            } else if (nested.isPresent() && value.isObject()) {
                writeSection(nested.get(), value, key + "/" + nested.get().key(), writer, sink);
            } else {
                sink.error(key + "/" + name, value.toString(), "unknown field \"" + name + "\" in "
                        + section.jsonName() + " (expected a Traefik 1.x " + section.jsonName() + " field)");
            }
        }
    }

    private static void writeSection(V1Section section, JsonNode value, String key, PairWriter writer,
            ProblemSink sink) {
        if (!section.named()) {
            encode(section, value, key, writer, sink);
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (writer.validName(key, entry.getKey()) && entry.getValue().isObject()) {
                encode(section, entry.getValue(), key + "/" + entry.getKey(), writer, sink);
            }
        }
    }

    private static void writeField(V1Field field, JsonNode value, String key, PairWriter writer, ProblemSink sink) {
        try {
            switch (field.type()) {
                case LIST -> {
                    for (int i = 0; i < value.size(); i++) {
                        writer.put(key + "/" + StructListNaming.paddedIndex(i, value.size()), value.get(i).asText());
                    }
                }
                case HEADER_MAP -> value.properties().forEach(h -> {
                    if (writer.validName(key, h.getKey())) {
                        writer.put(key + "/" + h.getKey(), h.getValue().asText());
                    }
                });
                case INT -> writer.put(key, String.valueOf(GoScalars.parseInt(value.asText())));
                case BOOL -> writer.put(key, String.valueOf(GoScalars.parseBool(value.asText())));
                case DURATION -> writer.put(key, GoDuration.format(GoDuration.parseTraefik(value.asText())));
                case STRING, IGNORED -> writer.put(key, value.asText());
            }
        } catch (IllegalArgumentException e) {
            sink.error(key, value.asText(), field.jsonName() + ": " + e.getMessage());
        }
    }
}
