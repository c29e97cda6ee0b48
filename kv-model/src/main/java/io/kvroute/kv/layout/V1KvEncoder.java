package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.PairWriter;
import io.kvroute.kv.layout.codec.ProblemSink;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.layout.v1.V1Schema;
import io.kvroute.kv.layout.v1.V1Section;
import io.kvroute.kv.layout.v1.V1SectionEncoder;
import io.kvroute.kv.model.EntityRef;
import java.util.Map;

/**
 * Encodes {@code {"backends": {...}, "frontends": {...}}} (Traefik 1.x JSON, as {@link V1KvDecoder} produces) as
 * Traefik 1.7 keys under a prefix the caller picks: {@code /traefik} for etcd v3, {@code traefik} for Consul.
 * Scalars may be JSON text or typed nodes.
 */
public final class V1KvEncoder {
    private V1KvEncoder() {
    }

    public static EncodedPairs encode(ObjectNode config, String prefix) {
        requireNonNull(config, "config");
        V1Keys keys = V1Keys.under(prefix);
        ProblemSink sink = new ProblemSink(null);
        PairWriter writer = new PairWriter(sink);
        for (Map.Entry<String, JsonNode> section : config.properties()) {
            switch (section.getKey()) {
                case V1Keys.BACKENDS -> writeEntities(section.getValue(), V1Schema.BACKEND, keys.backends(), writer,
                        sink, EntityRef.Kind.SERVICE);
                case V1Keys.FRONTENDS -> writeEntities(section.getValue(), V1Schema.FRONTEND, keys.frontends(),
                        writer, sink, EntityRef.Kind.ROUTER);
                default -> sink.error(keys.root() + "/" + section.getKey(), "", "unknown section \"" + section.getKey()
                        + "\" (expected backends or frontends)");
            }
        }
        return new EncodedPairs(writer.sortedPairs(), sink.problems());
    }

    private static void writeEntities(JsonNode entities, V1Section schema, String key, PairWriter writer,
            ProblemSink sink, EntityRef.Kind kind) {
        for (Map.Entry<String, JsonNode> entity : entities.properties()) {
            if (!writer.validName(key, entity.getKey())) {
                continue;
            }
            ProblemSink scope = new ProblemSink(new EntityRef(kind, entity.getKey()));
            String entityKey = key + "/" + entity.getKey();
            if (entity.getValue().isObject()) {
                int before = writer.size();
                V1SectionEncoder.encode(schema, entity.getValue(), entityKey, writer, scope);
                if (writer.size() == before) {
                    writer.put(entityKey + "/" + V1Keys.LOAD_BALANCER_METHOD, "wrr");
                }
            } else {
                scope.error(entityKey, entity.getValue().toString(), "expected an object");
            }
            sink.absorb(scope);
        }
    }
}
