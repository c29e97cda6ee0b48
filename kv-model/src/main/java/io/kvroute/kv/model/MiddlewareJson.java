package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads and writes one Traefik middleware JSON object ({@code {"stripPrefix": {...}}}). */
final class MiddlewareJson {
    private MiddlewareJson() {
    }

    /** The middleware, or empty (with an error) if its JSON names no middleware type. */
    static Optional<Middleware> read(String name, ObjectNode json, List<Problem> problems) {
        EntityRef entity = EntityRef.middleware(name);
        FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.middleware(name), entity, problems);
        List<String> types = fields.unread();
        if (types.isEmpty()) {
            problems.add(Problem.error(DynamicKeys.RELATIVE.middleware(name), "", "middleware has no type", entity));
            return Optional.empty();
        }
        String type = types.get(0);
        for (String extra : types.subList(1, types.size())) {
            fields.error(extra, FieldReader.describe(json.get(extra)), "middleware has several types, "
                    + type + " is used (expected exactly one)");
        }
        return fields.object(type).map(settings -> typed(name, type, settings));
    }

    private static Middleware typed(String name, String type, FieldReader json) {
        Middleware middleware = switch (type) {
            case StripPrefix.TYPE -> new StripPrefix(name, json.strings("prefixes"), json.bool("forceSlash"));
            case AddPrefix.TYPE -> new AddPrefix(name, json.text("prefix").orElse(""));
            case Headers.TYPE -> new Headers(name, json.stringMap("customRequestHeaders"),
                    json.stringMap("customResponseHeaders"), json.rest());
            case BasicAuth.TYPE -> new BasicAuth(name, json.strings("users"), json.text("usersFile"),
                    json.text("realm"), json.bool("removeHeader").orElse(false), json.text("headerField"));
            case RedirectScheme.TYPE -> new RedirectScheme(name, json.text("scheme"), json.text("port"),
                    json.bool("permanent").orElse(false));
            case Retry.TYPE -> new Retry(name, json.integer("attempts").orElse(0), json.duration("initialInterval"),
                    json.rest());
            case EncodedCharacters.TYPE -> encodedCharacters(name, json);
            default -> new OpaqueMiddleware(name, type, json.rest());
        };
        json.warnRest();
        return middleware;
    }

    private static EncodedCharacters encodedCharacters(String name, FieldReader json) {
        SortedMap<EncodedCharacter, Boolean> settings = new TreeMap<>();
        for (EncodedCharacter character : EncodedCharacter.values()) {
            json.bool(character.setting()).ifPresent(allowed -> settings.put(character, allowed));
        }
        return new EncodedCharacters(name, settings);
    }

    static ObjectNode write(Middleware middleware) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode body = json.putObject(middleware.type());
        if (middleware instanceof StripPrefix strip) {
            strip.prefixes().forEach(body.putArray("prefixes")::add);
            strip.forceSlash().ifPresent(value -> body.put("forceSlash", value));
        } else if (middleware instanceof AddPrefix add) {
            body.put("prefix", add.prefix());
        } else if (middleware instanceof Headers headers) {
            putMap(body, "customRequestHeaders", headers.customRequestHeaders());
            putMap(body, "customResponseHeaders", headers.customResponseHeaders());
            body.setAll(headers.others().toJson());
        } else if (middleware instanceof BasicAuth auth) {
            writeBasicAuth(auth, body);
        } else if (middleware instanceof RedirectScheme redirect) {
            redirect.scheme().ifPresent(value -> body.put("scheme", value));
            redirect.port().ifPresent(value -> body.put("port", value));
            if (redirect.permanent()) {
                body.put("permanent", true);
            }
        } else if (middleware instanceof Retry retry) {
            body.put("attempts", retry.attempts());
            retry.initialInterval().ifPresent(value -> body.put("initialInterval", GoDuration.format(value)));
            body.setAll(retry.others().toJson());
        } else if (middleware instanceof EncodedCharacters encoded) {
            encoded.settings().forEach((character, allowed) -> body.put(character.setting(), allowed));
        } else if (middleware instanceof OpaqueMiddleware opaque) {
            body.setAll(opaque.settings().toJson());
        }
        return json;
    }

    private static void writeBasicAuth(BasicAuth auth, ObjectNode body) {
        if (!auth.users().isEmpty()) {
            auth.users().forEach(body.putArray("users")::add);
        }
        auth.usersFile().ifPresent(value -> body.put("usersFile", value));
        auth.realm().ifPresent(value -> body.put("realm", value));
        if (auth.removeHeader()) {
            body.put("removeHeader", true);
        }
        auth.headerField().ifPresent(value -> body.put("headerField", value));
    }

    static void putMap(ObjectNode json, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode object = json.putObject(field);
            map.forEach(object::put);
        }
    }
}
