package io.kvroute.kv.config;

import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import java.util.List;

/**
 * Puts the v1 model (frontends, backends) beside the v2/v3 model of the same root. A name defined by both keeps
 * the v2/v3 definition and is reported, so neither silently replaces the other.
 */
final class ModelMerge {
    private ModelMerge() {
    }

    static HttpConfig merge(HttpConfig dynamic, HttpConfig v1, List<Problem> problems) {
        HttpConfig merged = dynamic;
        for (var router : v1.routers().values()) {
            if (dynamic.routers().containsKey(router.name())) {
                problems.add(conflict(V1Keys.RELATIVE.frontend(router.name()), EntityRef.router(router.name())));
            } else {
                merged = merged.withRouter(router);
            }
        }
        for (var service : v1.services().values()) {
            if (dynamic.services().containsKey(service.name())) {
                problems.add(conflict(V1Keys.RELATIVE.backend(service.name()), EntityRef.service(service.name())));
            } else {
                merged = merged.withService(service);
            }
        }
        for (var middleware : v1.middlewares().values()) {
            if (!dynamic.middlewares().containsKey(middleware.name())) {
                merged = merged.withMiddleware(middleware);
            }
        }
        return merged;
    }

    private static Problem conflict(String key, EntityRef entity) {
        return Problem.warning(key, "", "also defined by the v2/v3 keys of the same root; the v1 definition is ignored",
                entity);
    }
}
