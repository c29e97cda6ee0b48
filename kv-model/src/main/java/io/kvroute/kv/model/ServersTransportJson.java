package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes one Traefik {@code serversTransports} entry. Traefik's decoder fills the defaults of a
 * {@code forwardingTimeouts} it creates and omits zero values, so inside a {@code forwardingTimeouts} object an
 * absent duration is zero (none). A transport that sets something kvroute does not apply is reported as a warning on
 * that field: kvroute routes no service that uses it.
 */
final class ServersTransportJson {
    static final String FORWARDING_TIMEOUTS = "forwardingTimeouts";

    private ServersTransportJson() {
    }

    static ServersTransport read(String name, ObjectNode json, List<Problem> problems) {
        String key = DynamicKeys.RELATIVE.serversTransport(name);
        FieldReader fields = FieldReader.of(json, key, null, problems);
        ObjectNode unknownTimeouts = JsonNodeFactory.instance.objectNode();
        Optional<ForwardingTimeouts> timeouts = fields.object(FORWARDING_TIMEOUTS).map(object -> {
            ForwardingTimeouts read = new ForwardingTimeouts(zeroIfAbsent(object.duration("dialTimeout")),
                    zeroIfAbsent(object.duration("responseHeaderTimeout")),
                    zeroIfAbsent(object.duration("idleConnTimeout")),
                    zeroIfAbsent(object.duration("readIdleTimeout")),
                    zeroIfAbsent(object.duration("pingTimeout")));
            unknownTimeouts.setAll(object.rest().toJson());
            return read;
        });
        ObjectNode untyped = fields.rest().toJson();
        if (!unknownTimeouts.isEmpty()) {
            untyped.set(FORWARDING_TIMEOUTS, unknownTimeouts);
        }
        ServersTransport transport = new ServersTransport(name, timeouts, RawSettings.fromJson(untyped));
        for (String field : transport.unappliedFields()) {
            problems.add(Problem.warning(key + "/" + field, describe(transport, field),
                    "not applied by kvroute: services using serversTransport " + name + " are not routed", null));
        }
        return transport;
    }

    static ObjectNode write(ServersTransport transport) {
        ObjectNode json = transport.untyped().toJson();
        transport.forwardingTimeouts().ifPresent(timeouts -> {
            JsonNode existing = json.get(FORWARDING_TIMEOUTS);
            ObjectNode object = existing instanceof ObjectNode known ? known : json.putObject(FORWARDING_TIMEOUTS);
            ForwardingTimeouts defaults = ForwardingTimeouts.TRAEFIK_DEFAULTS;
            put(object, "dialTimeout", timeouts.dialTimeout(), defaults.dialTimeout());
            put(object, "responseHeaderTimeout", timeouts.responseHeaderTimeout(), defaults.responseHeaderTimeout());
            put(object, "idleConnTimeout", timeouts.idleConnTimeout(), defaults.idleConnTimeout());
            put(object, "readIdleTimeout", timeouts.readIdleTimeout(), defaults.readIdleTimeout());
            put(object, "pingTimeout", timeouts.pingTimeout(), defaults.pingTimeout());
        });
        return json;
    }

    private static Duration zeroIfAbsent(Optional<Duration> duration) {
        return duration.orElse(Duration.ZERO);
    }

    /** Writes a duration unless it is zero and so is its decode-time default (a zero over a default is written). */
    private static void put(ObjectNode json, String field, Duration value, Duration decodeDefault) {
        if (!value.isZero() || !decodeDefault.isZero()) {
            json.put(field, GoDuration.format(value));
        }
    }

    private static String describe(ServersTransport transport, String field) {
        return transport.untyped().get(field).map(RawValue::text)
                .orElseGet(() -> GoDuration.format(transport.timeouts().readIdleTimeout()));
    }
}
