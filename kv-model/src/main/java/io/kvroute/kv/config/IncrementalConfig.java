package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.config.KeyPlacement.EntityKey;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.ServersTransport;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.model.TlsChecks;
import io.kvroute.kv.model.TcpConfig;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.UdpConfig;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The decoded configuration of the pairs under a prefix, kept per entity so that a change costs about what it
 * touches: a changed key re-decodes only the router, service or middleware it belongs to ({@link KeyPlacement}),
 * re-checks the references of the entities that name one whose presence changed, and puts the result together with
 * the decodes kept of every other entity: the model's maps of a kind are copied (references only) when an entity of
 * that kind changed, the problems are kept per entity that has any, and Traefik's JSON is put together only when asked
 * for.
 * What comes out is what {@link ConfigDecoder#decode} makes of the same pairs
 * with {@link LayoutChoice#AUTO} and the same default rule syntax (the same JSON, model and layouts; the same problems, in another order), including
 * per-entity isolation: a bad key breaks only its own entity. Where the decode of the rest depends on the entities
 * (v1 keys, whose model is merged with the v2/v3 one; a value set on {@code http} or one of its maps itself; no
 * entity at all) it is {@link ConfigDecoder#decode} of all pairs, until such keys are gone.
 *
 * <pre>{@code
 * IncrementalConfig config = new IncrementalConfig("traefik");
 * config.apply(listed);                                  // every pair as a put
 * DecodedConfig now = config.apply(List.of(KvEvent.put("traefik/http/routers/web/rule", "Host(`a`)", 42)));
 * }</pre>
 *
 * <p>Not thread-safe: its owner applies one batch of changes at a time.
 */
public final class IncrementalConfig {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String prefix;
    private final RuleSyntax defaultRuleSyntax;
    private final String root;
    /*
     * Every pair is kept once, in the map of the part it belongs to (KeyPlacement, worked out again from the key
     * when it changes): the pairs of each entity, of the rest, and those that make the whole configuration be
     * decoded at once.
     */
    private final Map<EntityKey, TreeMap<String, String>> entityPairs = new HashMap<>();
    private final TreeMap<String, String> restPairs = new TreeMap<>(KeyOrder.BYTEWISE);
    private final TreeMap<String, String> wholePairs = new TreeMap<>(KeyOrder.BYTEWISE);
    private int size;

    private final TreeMap<EntityKey, EntityDecode> decodes = new TreeMap<>();
    /** Entities whose keys changed since they were decoded last. */
    private final Set<EntityKey> stale = new HashSet<>();
    private boolean restStale = true;
    private ObjectNode restJson = JSON.objectNode();
    private List<Problem> restProblems = List.of();
    /** The servers transports: part of the rest, named by services. */
    private SortedMap<String, ServersTransport> transports = ImmutableSortedMap.of();
    /** The {@code tls} section: part of the rest, loaded and checked when the rest changes. */
    private TlsConfig tls = TlsConfig.empty();
    /** The {@code tcp} and {@code udp} sections: part of the rest. */
    private TcpConfig tcp = TcpConfig.empty();
    private UdpConfig udp = UdpConfig.empty();
    private final Map<EntityKey, List<Problem>> referenceProblems = new HashMap<>();
    private final Map<String, Set<EntityKey>> serviceReferrers = new HashMap<>();
    private final Map<String, Set<EntityKey>> middlewareReferrers = new HashMap<>();
    private final TreeMap<String, Router> routers = new TreeMap<>();
    private final TreeMap<String, Service> services = new TreeMap<>();
    private final TreeMap<String, Middleware> middlewares = new TreeMap<>();
    private final Map<EntityRef.Kind, TreeMap<String, EntityJson>> json = new EnumMap<>(EntityRef.Kind.class);
    /** The kinds whose entities changed since the immutable views below were taken of them. */
    private final Set<EntityRef.Kind> changedKinds = EnumSet.noneOf(EntityRef.Kind.class);
    private ImmutableSortedMap<String, Router> routerView = ImmutableSortedMap.of();
    private ImmutableSortedMap<String, Service> serviceView = ImmutableSortedMap.of();
    private ImmutableSortedMap<String, Middleware> middlewareView = ImmutableSortedMap.of();
    private final Map<EntityRef.Kind, ImmutableSortedMap<String, EntityJson>> jsonViews =
            new EnumMap<>(EntityRef.Kind.class);
    /** The problems of every entity that has any: its decode's, then its references'. */
    private final TreeMap<EntityKey, List<Problem>> entityProblems = new TreeMap<>();
    private DecodedConfig current;

    /** An empty configuration under {@code prefix} ({@code traefik}; v1 keys are also found under {@code /traefik}). */
    public IncrementalConfig(String prefix) {
        this(prefix, RuleSyntax.V3);
    }

    /**
     * An empty configuration under {@code prefix} whose routers without {@code ruleSyntax} have rules in
     * {@code defaultRuleSyntax}: {@link RuleSyntax#V3}, or {@link RuleSyntax#V2} for a store written for Traefik v2.
     */
    public IncrementalConfig(String prefix, RuleSyntax defaultRuleSyntax) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.defaultRuleSyntax = requireNonNull(defaultRuleSyntax, "defaultRuleSyntax");
        this.root = KvRoot.dynamicRoot(prefix);
        for (EntityRef.Kind kind : List.of(EntityRef.Kind.ROUTER, EntityRef.Kind.SERVICE, EntityRef.Kind.MIDDLEWARE)) {
            json.put(kind, new TreeMap<>());
            jsonViews.put(kind, ImmutableSortedMap.of());
        }
        this.current = ConfigDecoder.decode(List.of(), prefix, LayoutChoice.AUTO, defaultRuleSyntax, Instant.now());
    }

    /** The configuration of the pairs as they are now. */
    public DecodedConfig current() {
        return current;
    }

    /** How many pairs there are now. */
    public int size() {
        return size;
    }

    /** Every pair, byte-wise by key. */
    public List<KvPair> pairs() {
        List<KvPair> all = new ArrayList<>(size);
        entityPairs.values().forEach(keys -> keys.forEach((key, value) -> all.add(KvPair.of(key, value))));
        restPairs.forEach((key, value) -> all.add(KvPair.of(key, value)));
        wholePairs.forEach((key, value) -> all.add(KvPair.of(key, value)));
        all.sort(Comparator.comparing(KvPair::key, KeyOrder.BYTEWISE));
        return all;
    }

    /**
     * Applies puts and deletes in order (their revisions are not looked at) and returns the configuration after
     * them; the same instance as before when none of them changed a pair.
     */
    public DecodedConfig apply(List<KvEvent> changes) {
        boolean changed = false;
        for (KvEvent change : requireNonNull(changes, "changes")) {
            changed |= change.deleted() ? remove(change.key()) : put(change.key(), change.value());
        }
        if (changed) {
            current = !wholePairs.isEmpty() || entityPairs.isEmpty()
                    ? ConfigDecoder.decode(pairs(), prefix, LayoutChoice.AUTO, defaultRuleSyntax,
                            Instant.now()) : assemble();
        }
        return current;
    }

    private boolean put(String key, String value) {
        KeyPlacement placement = KeyPlacement.of(key, prefix, root);
        String before = switch (placement.part()) {
            case ENTITY -> entityPairs.computeIfAbsent(placement.entity().orElseThrow(),
                    entity -> new TreeMap<>(KeyOrder.BYTEWISE)).put(key, value);
            case REST -> restPairs.put(key, value);
            case WHOLE -> wholePairs.put(key, value);
        };
        if (value.equals(before)) {
            return false;
        }
        size += before == null ? 1 : 0;
        changed(placement);
        return true;
    }

    private boolean remove(String key) {
        KeyPlacement placement = KeyPlacement.of(key, prefix, root);
        String before = switch (placement.part()) {
            case ENTITY -> {
                EntityKey entity = placement.entity().orElseThrow();
                TreeMap<String, String> keys = entityPairs.get(entity);
                String removed = keys == null ? null : keys.remove(key);
                if (keys != null && keys.isEmpty()) {
                    entityPairs.remove(entity);
                }
                yield removed;
            }
            case REST -> restPairs.remove(key);
            case WHOLE -> wholePairs.remove(key);
        };
        if (before == null) {
            return false;
        }
        size--;
        changed(placement);
        return true;
    }

    /** Marks the part a changed key belongs to for decoding again. */
    private void changed(KeyPlacement placement) {
        switch (placement.part()) {
            case ENTITY -> stale.add(placement.entity().orElseThrow());
            case REST -> restStale = true;
            case WHOLE -> {
                // Decoded with everything else, as long as any such key is left.
            }
        }
    }

    /** Re-decodes what changed, re-checks the references it affects, and puts everything together. */
    private DecodedConfig assemble() {
        Set<EntityKey> recheck = new HashSet<>();
        if (restStale) {
            SortedMap<String, ServersTransport> before = transports;
            decodeRest();
            if (!transports.equals(before)) {
                // Services name transports: re-check the references of every service (rare: transports seldom change).
                decodes.keySet().stream().filter(entity -> entity.kind() == EntityRef.Kind.SERVICE)
                        .forEach(recheck::add);
            }
        }
        Set<String> touchedServices = new HashSet<>();
        Set<String> touchedMiddlewares = new HashSet<>();
        for (EntityKey entity : stale) {
            EntityDecode before = decodes.remove(entity);
            if (before != null) {
                forget(entity, before);
            }
            TreeMap<String, String> keys = entityPairs.get(entity);
            EntityDecode after = keys == null ? null : EntityDecode.of(entity, asPairs(keys), prefix,
                    defaultRuleSyntax);
            if (after != null) {
                decodes.put(entity, after);
                remember(entity, after);
            }
            Optional<String> nameBefore = before == null ? Optional.empty() : before.name();
            Optional<String> nameAfter = after == null ? Optional.empty() : after.name();
            if (entity.kind() == EntityRef.Kind.SERVICE && !nameBefore.equals(nameAfter)) {
                nameBefore.ifPresent(touchedServices::add);
                nameAfter.ifPresent(touchedServices::add);
            } else if (entity.kind() == EntityRef.Kind.MIDDLEWARE) {
                nameBefore.ifPresent(touchedMiddlewares::add);
                nameAfter.ifPresent(touchedMiddlewares::add);
            }
            recheck.add(entity);
        }
        stale.clear();
        touchedServices.forEach(name -> recheck.addAll(serviceReferrers.getOrDefault(name, Set.of())));
        touchedMiddlewares.forEach(name -> recheck.addAll(middlewareReferrers.getOrDefault(name, Set.of())));
        takeViews();
        HttpConfig model = new HttpConfig(routerView, serviceView, middlewareView, transports);
        for (EntityKey entity : recheck) {
            List<Problem> problems = referenceProblems(decodes.get(entity), model);
            if (problems.isEmpty()) {
                referenceProblems.remove(entity);
            } else {
                referenceProblems.put(entity, problems);
            }
            keepProblems(entity);
        }
        ObjectNode rest = restJson;
        Map<EntityRef.Kind, ImmutableSortedMap<String, EntityJson>> sections = new EnumMap<>(jsonViews);
        return DecodedConfig.withJsonOnDemand(() -> traefikJson(rest, sections), model, tls, tcp, udp, problems(),
                EnumSet.of(Layout.V3));
    }

    /**
     * Immutable views of the kinds whose entities changed; the others keep theirs, so a change copies the references
     * of one kind's entities at most, and a consumer sees by instance which kinds are the same.
     */
    private void takeViews() {
        for (EntityRef.Kind kind : changedKinds) {
            jsonViews.put(kind, ImmutableSortedMap.copyOfSorted(json.get(kind)));
            switch (kind) {
                case ROUTER -> routerView = ImmutableSortedMap.copyOfSorted(routers);
                case SERVICE -> serviceView = ImmutableSortedMap.copyOfSorted(services);
                case MIDDLEWARE -> middlewareView = ImmutableSortedMap.copyOfSorted(middlewares);
                default -> throw new IllegalStateException(
                        "kind: " + kind + " (expected: router, service or middleware)");
            }
        }
        changedKinds.clear();
    }

    private void keepProblems(EntityKey entity) {
        EntityDecode decode = decodes.get(entity);
        List<Problem> references = referenceProblems.getOrDefault(entity, List.of());
        if (decode == null || decode.problems().isEmpty() && references.isEmpty()) {
            entityProblems.remove(entity);
            return;
        }
        List<Problem> problems = new ArrayList<>(decode.problems());
        problems.addAll(references);
        entityProblems.put(entity, problems);
    }

    /** The rest decodes apart from the entities; what it holds does not depend on them (see {@link KeyPlacement}). */
    private void decodeRest() {
        DecodedTree tree = TraefikKvDecoder.decode(asPairs(restPairs), prefix);
        MappedConfig mapped = TraefikJsonMapper.fromJson(tree.config(), defaultRuleSyntax);
        List<Problem> problems = new ArrayList<>(tree.problems());
        problems.addAll(RootedProblems.underRoot(mapped.problems(), root));
        TlsChecks.Checked checked = TlsChecks.check(TlsCertificateIds.apply(mapped.tls(), asPairs(restPairs),
                DynamicKeys.under(prefix), tree.problems()), Instant.now());
        problems.addAll(RootedProblems.underRoot(checked.problems(), root));
        tls = checked.tls();
        tcp = mapped.tcp();
        udp = mapped.udp();
        restJson = tree.config();
        transports = mapped.config().serversTransports();
        restProblems = List.copyOf(problems);
        restStale = false;
    }

    private List<Problem> referenceProblems(EntityDecode decode, HttpConfig model) {
        if (decode == null) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        decode.router().ifPresent(router -> problems.addAll(TraefikJsonMapper.referenceProblems(router, model)));
        decode.service().ifPresent(service -> problems.addAll(TraefikJsonMapper.referenceProblems(service, model)));
        return RootedProblems.underRoot(problems, root);
    }

    private void remember(EntityKey entity, EntityDecode decode) {
        changedKinds.add(entity.kind());
        decode.router().ifPresent(router -> routers.put(router.name(), router));
        decode.service().ifPresent(service -> services.put(service.name(), service));
        decode.middleware().ifPresent(middleware -> middlewares.put(middleware.name(), middleware));
        decode.json().ifPresent(entry -> json.get(entity.kind()).put(entry.name(), entry));
        decode.references().services()
                .forEach(name -> serviceReferrers.computeIfAbsent(name, n -> new HashSet<>()).add(entity));
        decode.references().middlewares()
                .forEach(name -> middlewareReferrers.computeIfAbsent(name, n -> new HashSet<>()).add(entity));
    }

    private void forget(EntityKey entity, EntityDecode decode) {
        changedKinds.add(entity.kind());
        decode.router().ifPresent(router -> routers.remove(router.name()));
        decode.service().ifPresent(service -> services.remove(service.name()));
        decode.middleware().ifPresent(middleware -> middlewares.remove(middleware.name()));
        decode.json().ifPresent(entry -> json.get(entity.kind()).remove(entry.name()));
        decode.references().services().forEach(name -> unrefer(serviceReferrers, name, entity));
        decode.references().middlewares().forEach(name -> unrefer(middlewareReferrers, name, entity));
        referenceProblems.remove(entity);
    }

    private static void unrefer(Map<String, Set<EntityKey>> referrers, String name, EntityKey entity) {
        Set<EntityKey> entities = referrers.get(name);
        if (entities != null && entities.remove(entity) && entities.isEmpty()) {
            referrers.remove(name);
        }
    }

    /** The rest's JSON with every entity's entry under {@code http}, as the one tree of all pairs gives it. */
    private static ObjectNode traefikJson(ObjectNode restJson,
            Map<EntityRef.Kind, ImmutableSortedMap<String, EntityJson>> json) {
        ObjectNode all = JSON.objectNode();
        all.setAll(restJson);
        ObjectNode http = JSON.objectNode();
        if (restJson.get(DynamicKeys.HTTP) instanceof ObjectNode restHttp) {
            http.setAll(restHttp);
        }
        json.forEach((kind, entries) -> {
            if (!entries.isEmpty()) {
                ObjectNode section = http.putObject(EntityDecode.field(kind));
                entries.forEach((name, entry) -> section.set(name, entry.node()));
            }
        });
        all.set(DynamicKeys.HTTP, http);
        return all;
    }

    /** The rest's problems, then each entity's (routers, services, middlewares, each by name). */
    private List<Problem> problems() {
        List<Problem> problems = new ArrayList<>(restProblems);
        entityProblems.values().forEach(problems::addAll);
        return problems;
    }

    private static List<KvPair> asPairs(TreeMap<String, String> keys) {
        List<KvPair> list = new ArrayList<>(keys.size());
        keys.forEach((key, value) -> list.add(KvPair.of(key, value)));
        return list;
    }
}
