package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads Traefik's {@code udp} JSON ({@code routers}, {@code services}) into a {@link UdpConfig}. Faults become
 * problems keyed {@code udp/<map>/<name>/...} naming their entity; a service that cannot be formed is left out with
 * an error.
 */
final class UdpJson {
    private UdpJson() {
    }

    static UdpConfig read(FieldReader udp, List<Problem> problems) {
        TreeMap<String, UdpRouter> routers = new TreeMap<>();
        TreeMap<String, UdpService> services = new TreeMap<>();
        udp.object(DynamicKeys.ROUTERS).ifPresent(section -> section.forEachEntity((name, json) -> {
            FieldReader fields = FieldReader.of(json, DynamicKeys.RELATIVE.udpEntity(DynamicKeys.ROUTERS, name),
                    EntityRef.udpRouter(name), problems);
            routers.put(name, new UdpRouter(name, fields.strings("entryPoints"), fields.text("service").orElse("")));
            fields.warnRest();
        }));
        udp.object(DynamicKeys.SERVICES).ifPresent(section -> section.forEachEntity((name, json) ->
                service(name, json, problems).ifPresent(service -> services.put(name, service))));
        udp.warnRest();
        return new UdpConfig(routers, services);
    }

    private static Optional<UdpService> service(String name, ObjectNode json, List<Problem> problems) {
        EntityRef entity = EntityRef.udpService(name);
        String key = DynamicKeys.RELATIVE.udpEntity(DynamicKeys.SERVICES, name);
        FieldReader fields = FieldReader.of(json, key, entity, problems);
        List<String> types = fields.unread();
        if (types.size() != 1) {
            problems.add(Problem.error(key, String.join(",", types), "a UDP service has exactly one type (expected "
                    + "loadBalancer or weighted)", entity));
            return Optional.empty();
        }
        if (types.get(0).equals(DynamicKeys.LOAD_BALANCER)) {
            return fields.object(DynamicKeys.LOAD_BALANCER).map(lb -> {
                List<String> servers = new ArrayList<>();
                items(lb, DynamicKeys.SERVERS, item -> servers.add(item.text("address").orElse("")));
                lb.warnRest();
                return new UdpService(name, Optional.of(servers), Optional.empty());
            });
        }
        if (types.get(0).equals(DynamicKeys.WEIGHTED)) {
            return fields.object(DynamicKeys.WEIGHTED).map(weighted -> {
                List<ServiceWeight> children = new ArrayList<>();
                items(weighted, DynamicKeys.SERVICES, item -> children.add(
                        new ServiceWeight(item.text("name").orElse(""), item.int64("weight").orElse(1))));
                weighted.warnRest();
                return new UdpService(name, Optional.empty(), Optional.of(children));
            });
        }
        fields.error(types.get(0), "", "unknown UDP service type (expected loadBalancer or weighted)");
        return Optional.empty();
    }

    /** Hands a reader of every object of list {@code field} to {@code item}, reporting what is no object. */
    private static void items(FieldReader parent, String field, Consumer<FieldReader> item) {
        parent.raw(field).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ObjectNode object) {
                    FieldReader reader = parent.child(object, KeyPaths.item(field, Integer.toString(i)));
                    item.accept(reader);
                    reader.warnRest();
                } else {
                    parent.error(field, FieldReader.describe(list), "expected a list of objects");
                }
            }
        });
    }
}
