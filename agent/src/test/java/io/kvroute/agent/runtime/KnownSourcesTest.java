package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.docker.ContainerAction;
import io.kvroute.agent.docker.ContainerEvent;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.docker.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownSourcesTest {
    private static ContainerInfo container(String id, boolean running) {
        return new ContainerInfo(id, "c-" + id, "img", Map.of(), Map.of(), "host", Map.of(), Set.of(), Map.of(),
                running, HealthStatus.NONE);
    }

    private static ContainerEvent event(String id, ContainerAction action, String detail) {
        return new ContainerEvent(id, "c-" + id, action, detail, Instant.EPOCH);
    }

    @ParameterizedTest
    @CsvSource({
        "KILL, signal 15, true",
        "KILL, signal 9, true",
        "KILL, '', true",
        "KILL, signal 1, false",
        "KILL, signal SIGHUP, false",
        "KILL, signal 10, false",
        "KILL, signal 28, false",
        "STOP, '', true",
        "DIE, exit code 0, false",
        "HEALTH_STATUS, healthy, false",
        "START, '', false"
    })
    void onlyEndingSignalsOfKnownContainersDrain(ContainerAction action, String detail, boolean drains) {
        KnownSources sources = new KnownSources();
        sources.replaceContainers(List.of(container("a", true)));

        assertThat(sources.startsDrain(event("a", action, detail))).isEqualTo(drains);
        assertThat(sources.draining()).isEqualTo(drains ? Set.of("a") : Set.of());
    }

    @Test
    void anUnknownContainerIsNotDrainedAndASecondSignalIsNoNewDrain() {
        KnownSources sources = new KnownSources();
        sources.replaceContainers(List.of(container("a", true)));

        assertThat(sources.startsDrain(event("b", ContainerAction.KILL, "signal 15"))).isFalse();
        assertThat(sources.startsDrain(event("a", ContainerAction.KILL, "signal 15"))).isTrue();
        assertThat(sources.startsDrain(event("a", ContainerAction.KILL, "signal 9"))).isFalse();
        assertThat(sources.draining()).containsExactly("a");
    }

    @Test
    void aDrainingContainerStaysUntilItDiesThenIsGone() {
        KnownSources sources = new KnownSources();
        sources.replaceContainers(List.of(container("a", true), container("b", true)));
        sources.startsDrain(event("a", ContainerAction.KILL, "signal 15"));

        sources.inspected(event("a", ContainerAction.KILL, "signal 15"), Optional.of(container("a", true)));
        assertThat(sources.containers()).extracting(ContainerInfo::id).containsExactly("a", "b");
        assertThat(sources.draining()).containsExactly("a");

        sources.inspected(event("a", ContainerAction.DIE, "exit code 137"), Optional.of(container("a", false)));
        assertThat(sources.containers()).extracting(ContainerInfo::id).containsExactly("b");
        assertThat(sources.draining()).isEmpty();
    }

    @Test
    void aStartEndsADrainAndADestroyedContainerIsGone() {
        KnownSources sources = new KnownSources();
        sources.replaceContainers(List.of(container("a", true)));
        sources.startsDrain(event("a", ContainerAction.STOP, ""));

        sources.inspected(event("a", ContainerAction.START, ""), Optional.of(container("a", true)));
        assertThat(sources.draining()).isEmpty();

        sources.inspected(event("a", ContainerAction.DESTROY, ""), Optional.empty());
        assertThat(sources.containers()).isEmpty();
    }

    @Test
    void aNewListingReplacesEverythingAndKeepsOnlyDrainsOfListedContainers() {
        KnownSources sources = new KnownSources();
        sources.replaceContainers(List.of(container("a", true), container("b", true)));
        sources.startsDrain(event("a", ContainerAction.STOP, ""));
        sources.startsDrain(event("b", ContainerAction.STOP, ""));

        sources.replaceContainers(List.of(container("b", true), container("c", true)));

        assertThat(sources.containers()).extracting(ContainerInfo::id).containsExactly("b", "c");
        assertThat(sources.draining()).containsExactly("b");
    }
}
