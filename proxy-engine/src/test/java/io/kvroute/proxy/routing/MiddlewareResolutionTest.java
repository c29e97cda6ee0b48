package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.model.AddPrefix;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Chains expanded into their members as Traefik builds them, and every unresolvable member named with its chain. */
class MiddlewareResolutionTest {
    private static Map<String, Middleware> byName(Middleware... middlewares) {
        return List.of(middlewares).stream().collect(Collectors.toMap(Middleware::name, Function.identity(),
                (a, b) -> a, TreeMap::new));
    }

    private static List<String> applied(MiddlewareResolution resolution) {
        return resolution.applied().stream().map(Middleware::name).toList();
    }

    private static AddPrefix add(String name) {
        return new AddPrefix(name, "/" + name);
    }

    @Test
    void expandsTheDocumentationsChainInPlace() {
        Map<String, Middleware> usable = byName(chain("secured", "https-only", "known-ips", "auth-users"),
                add("https-only"), add("known-ips"), add("auth-users"), add("last"));

        MiddlewareResolution resolution = MiddlewareResolution.of(List.of("secured", "last"), usable, usable);

        assertThat(resolution.reasons()).isEmpty();
        assertThat(applied(resolution)).containsExactly("https-only", "known-ips", "auth-users", "last");
        assertThat(resolution.dependsOn()).containsExactly("secured", "https-only", "known-ips", "auth-users", "last");
    }

    @Test
    void expandsChainsOfChainsAndAMemberListedTwice() {
        Map<String, Middleware> usable = byName(chain("outer", "a", "inner", "a"), chain("inner", "b@etcd",
                "empty"), chain("empty"), add("a"), add("b"));

        MiddlewareResolution resolution = MiddlewareResolution.of(List.of("outer@consul", "inner"), usable, usable);

        assertThat(resolution.reasons()).isEmpty();
        assertThat(applied(resolution)).containsExactly("a", "b", "a", "b");
        assertThat(resolution.dependsOn()).containsExactly("outer", "a", "inner", "b", "empty");
    }

    @Test
    void aCycleNamesTheChainAndTheMember() {
        Map<String, Middleware> usable = byName(chain("a", "x", "b"), chain("b", "a"), chain("self", "self"),
                add("x"));

        assertThat(MiddlewareResolution.of(List.of("a"), usable, usable).reasons())
                .containsExactly("middleware chain b: member a makes a cycle: a -> b -> a");
        assertThat(MiddlewareResolution.of(List.of("self"), usable, usable).reasons())
                .containsExactly("middleware chain self: member self makes a cycle: self -> self");
    }

    @Test
    void aMissingExcludedOrForeignMemberNamesTheChainAndTheMember() {
        Map<String, Middleware> configured = byName(chain("outer", "inner"),
                chain("inner", "missing", "broken", "dashboard@internal", "x@file", "ok"), add("broken"), add("ok"));
        Map<String, Middleware> usable = new TreeMap<>(configured);
        usable.remove("broken");

        MiddlewareResolution resolution = MiddlewareResolution.of(List.of("outer"), usable, configured);

        assertThat(resolution.reasons()).containsExactly(
                "middleware chain inner: member missing does not exist",
                "middleware chain inner: member broken is excluded",
                "middleware chain inner: member dashboard@internal belongs to provider internal, which kvroute does "
                        + "not read",
                "middleware chain inner: member x@file belongs to provider file, which kvroute does not read");
        assertThat(resolution.dependsOn()).containsExactly("outer", "inner", "missing", "broken", "ok");
    }

    @Test
    void theRoutersOwnReferencesAreNamedAsBefore() {
        Map<String, Middleware> configured = byName(add("broken"));

        assertThat(MiddlewareResolution.of(List.of("auth", "broken", "x@docker"), Map.of(), configured).reasons())
                .containsExactly("middleware auth does not exist", "middleware broken is excluded",
                        "middleware x@docker belongs to provider docker, which kvroute does not read");
    }

    @Test
    void aChainWhoseMiddlewaresAreNotNamesIsNamed() {
        Middleware bad = new OpaqueMiddleware("bad", "chain", new RawSettings(
                ImmutableSortedMap.of("middlewares/0/x", RawValue.string("a")), ImmutableSortedSet.of("middlewares")));
        Map<String, Middleware> usable = byName(bad);

        assertThat(MiddlewareResolution.of(List.of("bad"), usable, usable).reasons())
                .containsExactly("middleware chain bad: middlewares (expected: a list of middleware names)");
    }

    @Test
    void chainsThatMultiplyBeyondTheLimitAreRefusedWithoutExpandingThem() {
        List<Middleware> chains = new ArrayList<>();
        for (int level = 0; level < 40; level++) {
            chains.add(chain("c" + level, "c" + (level + 1), "c" + (level + 1)));
        }
        chains.add(add("c40"));
        Map<String, Middleware> usable = byName(chains.toArray(Middleware[]::new));

        MiddlewareResolution resolution = MiddlewareResolution.of(List.of("c0"), usable, usable);

        assertThat(resolution.reasons()).containsExactly("middlewares: the chains expand to more than "
                + MiddlewareResolution.MAX_REFERENCES + " references");
    }
}
