package io.kvroute.kv.model;

import io.kvroute.kv.rule.RuleSyntax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelValidationTest {
    @Test
    void v3DefaultPriorityIsTheUtf8LengthOfTheRule() {
        assertThat(Router.of("r", "Host(`ä.example`)", "s").effectivePriority()).isEqualTo(18);
        assertThat(Router.of("r", "Host(`a`)", "s").withPriority(7).effectivePriority()).isEqualTo(7);
    }

    @Test
    void v1RoutesRequireV1SyntaxAndTheJoinedRule() {
        Router v1 = Router.ofV1Routes("f", ImmutableSortedMap.of("b", "Path:/x", "a", "Host:a"), "s");

        assertThat(v1.rule()).isEqualTo("Host:a;Path:/x");
        assertThatThrownBy(() -> new Router("f", "Host:a", RuleSyntax.V3, ImmutableSortedMap.of("a", "Host:a"), "s",
                List.of(), List.of(), 0, Optional.empty(), Optional.empty(), RawSettings.empty()))
                .hasMessage("v1Routes: {a=Host:a} (expected: none for syntax V3)");
        assertThatThrownBy(() -> new Router("f", "Host:b", RuleSyntax.V1, ImmutableSortedMap.of("a", "Host:a"), "s",
                List.of(), List.of(), 0, Optional.empty(), Optional.empty(), RawSettings.empty()))
                .hasMessage("rule: \"Host:b\" (expected: \"Host:a\", the v1 routes)");
    }

    @Test
    void namesAreKeySegmentsWithoutProviderSuffix() {
        assertThatThrownBy(() -> Router.of("web@etcd", "Host(`a`)", "s"))
                .hasMessage("name: \"web@etcd\" (expected: non-empty, without '/' or '@')");
        assertThatThrownBy(() -> new AddPrefix("a/b", "/x"))
                .hasMessage("name: \"a/b\" (expected: non-empty, without '/' or '@')");
        assertThatThrownBy(() -> Server.of("", "http://a")).hasMessage("id: \"\" (expected: non-empty, without '/')");
    }

    @Test
    void serverIdsAreUniqueIgnoringCase() {
        assertThatThrownBy(() -> LoadBalancerService.of("app",
                List.of(Server.of("hostA-web1", "http://a"), Server.of("hosta-web1", "http://b"))))
                .hasMessage("servers: duplicate id \"hosta-web1\" in service app (expected: unique ids)");
    }

    @Test
    void configMapsAreKeyedByEntityNameAndCopiedImmutably() {
        Router web = Router.of("web", "Host(`a`)", "app");
        assertThatThrownBy(() -> new HttpConfig(ImmutableSortedMap.of("other", web), ImmutableSortedMap.of(),
                ImmutableSortedMap.of()))
                .hasMessage("routers: key \"other\" (expected: the entity's name \"web\")");

        List<String> entryPoints = new ArrayList<>(List.of("web"));
        Router copied = web.withEntryPoints(entryPoints);
        entryPoints.add("websecure");
        assertThat(copied.entryPoints()).containsExactly("web");
        assertThatThrownBy(() -> copied.entryPoints().add("x")).isInstanceOf(UnsupportedOperationException.class);

        HttpConfig config = HttpConfig.of(List.of(web), List.of(), List.of())
                .withRouter(web.withPriority(5)).withRouter(Router.of("api", "Path(`/api`)", "app"));
        assertThat(config.routers().keySet()).containsExactly("api", "web");
        assertThat(config.router("web").orElseThrow().priority()).isEqualTo(5);
    }

    @Test
    void serverWeightDefaultsToOne() {
        assertThat(Server.of("s", "http://a").effectiveWeight()).isEqualTo(1);
        assertThat(Server.of("s", "http://a").withWeight(0).effectiveWeight()).isZero();
    }
}
