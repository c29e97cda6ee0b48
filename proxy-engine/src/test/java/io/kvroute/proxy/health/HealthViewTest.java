package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthViewTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ServerHealth server(String service, String id, boolean checked) {
        return ServerHealth.initial(new ServerKey(service, id), "http://" + id, checked, T0);
    }

    @Test
    void anUnknownServerIsUsableAndTheEmptyViewKnowsNone() {
        assertThat(HealthView.empty().version()).isZero();
        assertThat(HealthView.empty().servers()).isEmpty();
        assertThat(HealthView.empty().isUsable(new ServerKey("app", "a"), T0)).isTrue();
    }

    @Test
    void listsTheServersOfOneServiceInIdOrder() {
        ServerHealth b = server("app", "b", false);
        ServerHealth a = server("app", "a", true);
        ServerHealth other = server("apple", "a", false);
        HealthView view = HealthView.of(3, ImmutableSortedMap.of(b.key(), b, a.key(), a, other.key(), other));

        assertThat(view.service("app")).containsExactly(a, b);
        assertThat(view.service("none")).isEmpty();
        assertThat(view.services()).containsOnlyKeys("app", "apple");
        assertThat(view.servers()).containsOnlyKeys(a.key(), b.key(), other.key());
        assertThat(view.server(new ServerKey("apple", "a"))).contains(other);
        assertThat(view.server(new ServerKey("apple", "b"))).isEmpty();
    }

    @Test
    void usabilityFollowsTheServersHealth() {
        ServerHealth down = new ServerHealth(new ServerKey("app", "a"), "http://a", true, HealthState.DOWN, T0,
                Optional.empty(), 0, 2, Optional.empty(), 0);
        HealthView view = HealthView.of(1, ImmutableSortedMap.of(down.key(), down));

        assertThat(view.isUsable(down.key(), T0)).isFalse();
    }

    @Test
    void theVersionIsNotNegative() {
        assertThatThrownBy(() -> new HealthView(-1, ImmutableMap.of()))
                .hasMessage("version: -1 (expected: >= 0)");
    }
}
