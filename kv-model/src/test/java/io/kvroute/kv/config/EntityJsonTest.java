package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.ScalarCodec;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** An entity's JSON kept as text reads back as the tree it was: every node type the decode makes, fields in order. */
class EntityJsonTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void readsBackEveryNodeTypeTheDecodeMakes() {
        ObjectNode service = JSON.objectNode();
        service.put("zFirst", "quotes \" and \\ and a lone \uD800 surrogate, \u017F, \n");
        service.set("int", ScalarCodec.integer(42));
        service.set("long", ScalarCodec.integer(5_000_000_000L));
        service.put("double", 0.1);
        service.put("negativeZero", -0.0);
        service.put("nan", Double.NaN);
        service.put("infinity", Double.POSITIVE_INFINITY);
        service.put("minusInfinity", Double.NEGATIVE_INFINITY);
        service.put("flag", false);
        service.putNull("nothing");
        service.putArray("servers").add(JSON.objectNode().put("url", "http://127.0.0.1:8080")).add("text").add(7);
        service.putObject("empty");

        EntityJson kept = EntityJson.of("s", service);

        assertThat(kept.name()).isEqualTo("s");
        assertThat(kept.node()).isEqualTo(service).isNotSameAs(service);
        assertThat(kept.node().get("int").isInt()).isTrue();
        assertThat(kept.node().get("long").isLong()).isTrue();
        assertThat(kept.node().get("nan").isDouble()).isTrue();
        assertThat(kept.node().fieldNames()).toIterable().containsExactly("zFirst", "int", "long", "double",
                "negativeZero", "nan", "infinity", "minusInfinity", "flag", "nothing", "servers", "empty");
    }

    @Test
    void readsBackNamesAndValuesLongerThanJacksonsDefaultLimits() {
        ObjectNode headers = JSON.objectNode();
        String name = "X-" + "n".repeat(60_000);
        headers.put(name, "v");
        headers.set("number", JSON.numberNode(new BigInteger("9".repeat(1_200))));

        EntityJson kept = EntityJson.of("m", headers);

        assertThat(kept.node().get(name).textValue()).isEqualTo("v");
        assertThat(kept.node().get("number").bigIntegerValue()).isEqualTo(headers.get("number").bigIntegerValue());
    }
}
