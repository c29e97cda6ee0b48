package io.kvroute.kv.config;

import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.node.CaseFold;
import io.kvroute.kv.layout.node.KvNodeTree;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which part of a decode one key belongs to, so that a configuration kept per entity re-decodes only the part a key
 * is in: the router, service or middleware whose subtree the key reaches in Traefik's tree (the same node for every
 * case variant and every item of a scalar list, see {@link KvNodeTree#path}); or the rest (other sections, keys
 * Traefik's filter drops, the root spelled differently), whose decode does not depend on the entities; or the whole
 * configuration, for a key whose decode does: a value set on {@code http} or on one of its entity maps itself, and v1
 * keys (decoded with the v2/v3 tree as one model).
 */
record KeyPlacement(Part part, Optional<EntityKey> entity) {
    /** The three parts. */
    enum Part { ENTITY, REST, WHOLE }

    /** One entity's part: its kind and the {@link CaseFold} of its name in the tree. */
    record EntityKey(EntityRef.Kind kind, String fold) implements Comparable<EntityKey> {
        @Override
        public int compareTo(EntityKey other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : fold.compareTo(other.fold);
        }
    }

    private static final KeyPlacement REST = new KeyPlacement(Part.REST, Optional.empty());
    private static final KeyPlacement WHOLE = new KeyPlacement(Part.WHOLE, Optional.empty());
    private static final Map<String, EntityRef.Kind> KINDS = Map.of(
            CaseFold.of(DynamicKeys.ROUTERS), EntityRef.Kind.ROUTER,
            CaseFold.of(DynamicKeys.SERVICES), EntityRef.Kind.SERVICE,
            CaseFold.of(DynamicKeys.MIDDLEWARES), EntityRef.Kind.MIDDLEWARE);

    /** Where {@code key} belongs among the pairs under {@code prefix}, whose v2/v3 root is {@code root}. */
    static KeyPlacement of(String key, String prefix, String root) {
        if (KvRoot.hasV1Keys(List.of(KvPair.of(key, "")), prefix)) {
            return WHOLE;
        }
        if (!TraefikKvDecoder.passesFilter(key, root) || !key.startsWith(root + "/")) {
            return REST;
        }
        List<String> path = KvNodeTree.path(key, root);
        if (path.isEmpty() || !CaseFold.of(path.get(0)).equals(DynamicKeys.HTTP)) {
            return REST;
        }
        if (path.size() == 1) {
            return WHOLE;
        }
        EntityRef.Kind kind = KINDS.get(CaseFold.of(path.get(1)));
        if (kind == null) {
            return REST;
        }
        if (path.size() == 2) {
            return WHOLE;
        }
        return new KeyPlacement(Part.ENTITY, Optional.of(new EntityKey(kind, CaseFold.of(path.get(2)))));
    }
}
