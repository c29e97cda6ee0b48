package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * One entity's entry in Traefik's JSON, held as its JSON text and parsed again when the whole JSON is put together
 * (the API and {@code kv decode} ask for it; a change does not). The text is a fraction of the size of the tree, whose
 * every object is a map: about 1 KB per service of five servers as a tree, 0.2 KB as text. Parsing gives back equal
 * nodes: numbers written as the decode types them ({@code IntNode} when they fit in an int, {@code LongNode},
 * {@code DoubleNode} including NaN and the infinities), text, booleans and nulls, fields in their order.
 */
record EntityJson(String name, String text) {
    /** Reads back whatever it wrote: no limit on the length of names, strings or numbers (the store has none). */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE)
                            .maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build())
                    .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build())
            .build();

    EntityJson {
        requireNonNull(name, "name");
        requireNonNull(text, "text");
    }

    /** The entry {@code name} with the value {@code node}. */
    static EntityJson of(String name, JsonNode node) {
        try {
            return new EntityJson(name, JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing the JSON of " + name, e);
        }
    }

    /** A new tree of the entry's value. */
    JsonNode node() {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("reading back the JSON of " + name, e);
        }
    }
}
