package io.kvroute.kv.store.etcdhttp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The gateway's encoding of etcd's protobuf messages: keys and values are base64, 64-bit integers are JSON strings,
 * fields at their zero value are left out.
 */
final class GatewayJson {
    private GatewayJson() {
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The UTF-8 text of a base64 field; empty when the field is absent. */
    static String text(JsonNode base64) {
        return base64 == null || base64.isNull() ? ""
                : new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    /** A 64-bit integer field (a string, or a number); 0 when absent. */
    static long int64(JsonNode field) {
        if (field == null || field.isNull() || field.isMissingNode()) {
            return 0;
        }
        return field.isNumber() ? field.asLong() : Long.parseLong(field.asText());
    }

    /** The header revision of an answer. */
    static long revision(JsonNode answer) {
        return int64(answer.path("header").get("revision"));
    }

    /**
     * The end of the range of every key starting with {@code prefix}, base64: the prefix with its last byte below
     * 0xff incremented and the bytes after it dropped; {@code "\0"} (every key) when there is none.
     */
    static String prefixEnd(String prefix) {
        byte[] end = KeyRange.prefixEnd(prefix.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(end.length == 0 ? new byte[] {0} : end);
    }

    /** The range start of {@code prefix}: the prefix itself, or {@code "\0"} for the empty prefix (every key). */
    static String prefixStart(String prefix) {
        return prefix.isEmpty() ? Base64.getEncoder().encodeToString(new byte[] {0}) : base64(prefix);
    }
}
