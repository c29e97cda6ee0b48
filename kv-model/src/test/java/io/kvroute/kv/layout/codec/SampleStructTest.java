package io.kvroute.kv.layout.codec;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.stringMap;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.layout.node.KvNodeTree;
import io.kvroute.kv.layout.schema.StructSchema;
import io.kvroute.kv.store.KvPair;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vector v3_09: Traefik's generic decoder test against the struct {@code sample}, described as a schema. */
class SampleStructTest {
    /** Go structs without json tags keep zero values: modelled as pointer fields, "" materialised by a default. */
    private static final StructSchema NAME = StructSchema.of("Name", string("Name").asPointer().defaultValue(""));
    private static final StructSchema SAMPLE = StructSchema.of("sample",
            string("FieldA"),
            integer("FieldB"),
            bool("FieldC"),
            list("FieldD"),
            struct("FieldE", NAME).allowingEmpty(),
            stringMap("FieldF"),
            structList("FieldG", NAME),
            string("FieldH"));

    @Test
    void decodesTheSampleStruct() throws IOException {
        JsonNode vector;
        try (InputStream in = getClass().getResourceAsStream("/vectors/v3_09_config_kv_decode_sample.json")) {
            vector = new ObjectMapper().readTree(in);
        }
        List<KvPair> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : vector.get("pairs").properties()) {
            pairs.add(KvPair.of(entry.getKey(), entry.getValue().asText()));
        }
        ProblemSink sink = new ProblemSink(null);

        JsonNode decoded = NodeTyper.typeStruct(SAMPLE, KvNodeTree.build(pairs, "traefik").root(), sink);

        assertThat(sink.problems()).isEmpty();
        assertThat(decoded).isEqualTo(vector.get("expected"));
    }
}
