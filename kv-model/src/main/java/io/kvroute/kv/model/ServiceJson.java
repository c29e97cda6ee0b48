package io.kvroute.kv.model;

import io.kvroute.kv.layout.codec.ScalarCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.List;
import java.util.Optional;

/** Reads and writes one Traefik service JSON object ({@code {"loadBalancer": {...}}}, {@code {"weighted": ...}}). */
final class ServiceJson {
    private ServiceJson() {
    }

    /** The service, or empty (with an error) if its JSON names no service type. */
    static Optional<Service> read(String name, ObjectNode json, List<Problem> problems) {
        EntityRef entity = EntityRef.service(name);
        FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.service(name), entity, problems);
        List<String> types = fields.unread();
        if (types.isEmpty()) {
            problems.add(Problem.error(DynamicKeys.RELATIVE.service(name), "", "service has no type (expected "
                    + "loadBalancer, weighted, mirroring or failover)", entity));
            return Optional.empty();
        }
        String type = types.get(0);
        for (String extra : types.subList(1, types.size())) {
            fields.error(extra, FieldReader.describe(json.get(extra)), "service has several types, "
                    + type + " is used (expected exactly one)");
        }
        return switch (type) {
            case LoadBalancerService.TYPE -> fields.object(type).map(lb -> LoadBalancerJson.read(name, lb));
            case WeightedService.TYPE -> fields.object(type).map(weighted -> weighted(name, weighted));
            default -> fields.object(type).map(settings -> new OpaqueService(name, type, settings.rest()));
        };
    }

    private static WeightedService weighted(String name, FieldReader json) {
        ImmutableList.Builder<ServiceWeight> services = ImmutableList.builder();
        Optional<JsonNode> list = json.raw("services");
        if (list.isPresent() && list.get().isArray()) {
            for (int i = 0; i < list.get().size(); i++) {
                JsonNode item = list.get().get(i);
                String itemKey = KeyPaths.item(DynamicKeys.SERVICES, Integer.toString(i));
                if (item instanceof ObjectNode object) {
                    FieldReader target = json.child(object, itemKey);
                    String targetName = target.text("name").orElse("");
                    long weight = target.int64("weight").orElse(1);
                    target.warnRest();
                    services.add(new ServiceWeight(targetName, weight));
                } else {
                    json.error(itemKey, FieldReader.describe(item), "expected {name, weight}");
                }
            }
        } else if (list.isPresent()) {
            json.error("services", FieldReader.describe(list.get()), "expected a list of {name, weight}");
        }
        Optional<StickyCookie> sticky = json.object("sticky").flatMap(LoadBalancerJson::sticky);
        return new WeightedService(name, services.build(), sticky, json.rest());
    }

    static ObjectNode write(Service service, ServerListStyle style) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode body = json.putObject(service.type());
        if (service instanceof LoadBalancerService loadBalancer) {
            LoadBalancerJson.write(loadBalancer, style, body);
        } else if (service instanceof WeightedService weighted) {
            var services = body.putArray("services");
            weighted.services().forEach(target ->
                    services.addObject().put("name", target.name()).set("weight", ScalarCodec.integer(target.weight())));
            weighted.sticky().ifPresent(cookie -> LoadBalancerJson.write(cookie, body.putObject("sticky")));
            body.setAll(weighted.extras().toJson());
        } else if (service instanceof OpaqueService opaque) {
            body.setAll(opaque.settings().toJson());
        }
        return json;
    }
}
