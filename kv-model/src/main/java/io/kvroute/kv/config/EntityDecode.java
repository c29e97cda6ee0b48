package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.References;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decode of one router, service or middleware from its keys alone, as {@link ConfigDecoder} decodes it among all
 * keys: its entry in Traefik's JSON (absent when the entity failed to decode; as text, see {@link EntityJson}), its model
 * (the router, service or middleware; absent when it could not form one), its problems except those of its references
 * to other entities, and the names it refers to.
 */
record EntityDecode(Optional<EntityJson> json, Optional<Router> router, Optional<Service> service,
        Optional<Middleware> middleware, List<Problem> problems, References references) {
    EntityDecode {
        requireNonNull(json, "json");
        requireNonNull(router, "router");
        requireNonNull(service, "service");
        requireNonNull(middleware, "middleware");
        problems = List.copyOf(problems);
        requireNonNull(references, "references");
    }

    static EntityDecode of(KeyPlacement.EntityKey entity, List<KvPair> pairs, String prefix,
            RuleSyntax defaultRuleSyntax) {
        DynamicKeys keys = DynamicKeys.under(prefix);
        DecodedTree tree = TraefikKvDecoder.decode(pairs, prefix);
        MappedConfig mapped = TraefikJsonMapper.fromJsonWithoutReferences(tree.config(), defaultRuleSyntax);
        List<Problem> problems = new ArrayList<>(tree.problems());
        problems.addAll(RootedProblems.underRoot(mapped.problems(), keys.root()));
        HttpConfig model = ServerKeyIds.apply(mapped.config(), pairs, keys);
        problems.addAll(RuleCheck.check(model, keys, new V1Keys(KvRoot.v1Root(List.of(), prefix))));
        JsonNode section = tree.config().path(DynamicKeys.HTTP).path(field(entity.kind()));
        Optional<EntityJson> json = Optional.empty();
        if (section.isObject() && !section.isEmpty()) {
            Map.Entry<String, JsonNode> entry = section.fields().next();
            json = Optional.of(EntityJson.of(entry.getKey(), entry.getValue()));
        }
        Optional<Router> router = model.routers().values().stream().findFirst();
        Optional<Service> service = model.services().values().stream().findFirst();
        return new EntityDecode(json, router, service, model.middlewares().values().stream().findFirst(), problems,
                router.map(References::of).or(() -> service.map(References::of)).orElse(References.NONE));
    }

    /** The name the entity has in the model, if it formed one. */
    Optional<String> name() {
        return router.map(Router::name).or(() -> service.map(Service::name))
                .or(() -> middleware.map(Middleware::name));
    }

    /** The field of Traefik's {@code http} section that holds entities of {@code kind}. */
    static String field(EntityRef.Kind kind) {
        return switch (kind) {
            case ROUTER -> DynamicKeys.ROUTERS;
            case SERVICE -> DynamicKeys.SERVICES;
            case MIDDLEWARE -> DynamicKeys.MIDDLEWARES;
            default -> throw new IllegalArgumentException("kind: " + kind + " (expected: router, service or middleware)");
        };
    }
}
