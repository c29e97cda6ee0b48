package io.kvroute.kv.model;

import io.kvroute.kv.layout.codec.ScalarCodec;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.rule.RuleSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Optional;

/** Reads and writes one Traefik v2/v3 router JSON object. */
final class RouterJson {
    private RouterJson() {
    }

    /**
     * The router of {@code json}, its rule in the syntax Traefik v3 reads it with when routers without
     * {@code ruleSyntax} default to {@code defaultSyntax} ({@link RuleSyntax#ofRouter(String, RuleSyntax)}); the
     * {@code ruleSyntax} field itself stays among the extras, so it is written back as it was.
     */
    static Router read(String name, ObjectNode json, RuleSyntax defaultSyntax, List<Problem> problems) {
        FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.router(name), EntityRef.router(name), problems);
        String rule = fields.text("rule").orElse("");
        RuleSyntax syntax = RuleSyntax.ofRouter(json.path("ruleSyntax").asText(""), defaultSyntax);
        String service = fields.text("service").orElse("");
        List<String> entryPoints = fields.strings("entryPoints");
        List<String> middlewares = fields.strings("middlewares");
        long priority = RouterPriority.read(fields);
        Optional<RawSettings> tls = fields.raw("tls").flatMap(value -> tls(fields, value));
        return new Router(name, rule, syntax, ImmutableSortedMap.of(), service, entryPoints, middlewares,
                priority, tls, Optional.empty(), fields.rest());
    }

    private static Optional<RawSettings> tls(FieldReader fields, JsonNode value) {
        if (value instanceof ObjectNode object) {
            try {
                return Optional.of(RawSettings.fromJson(object));
            } catch (IllegalArgumentException e) {
                fields.error("tls", FieldReader.describe(value), e.getMessage());
                return Optional.empty();
            }
        }
        if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())
                || (value.isBoolean() && value.booleanValue())) {
            return Optional.of(RawSettings.empty());
        }
        fields.error("tls", FieldReader.describe(value), "expected a TLS object, \"\" or true");
        return Optional.empty();
    }

    /**
     * The router's v2/v3 JSON; a v1 frontend's passHostHeader override has no v2/v3 field and is not written.
     * {@code ruleSyntax} says {@code v2} exactly when the rule is in {@link RuleSyntax#V2}.
     */
    static ObjectNode write(Router router) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!router.entryPoints().isEmpty()) {
            router.entryPoints().forEach(json.putArray("entryPoints")::add);
        }
        if (!router.middlewares().isEmpty()) {
            router.middlewares().forEach(json.putArray("middlewares")::add);
        }
        if (!router.service().isEmpty()) {
            json.put("service", router.service());
        }
        if (!router.rule().isEmpty()) {
            json.put("rule", router.rule());
        }
        if (router.priority() != 0) {
            json.set("priority", ScalarCodec.integer(router.priority()));
        }
        router.tls().ifPresent(tls -> json.set("tls", tls.toJson()));
        json.setAll(router.extras().toJson());
        if (router.syntax() == RuleSyntax.V2) {
            json.put("ruleSyntax", "v2");
        } else if (RuleSyntax.ofRouter(json.path("ruleSyntax").asText("")) == RuleSyntax.V2) {
            json.remove("ruleSyntax");
        }
        return json;
    }
}
