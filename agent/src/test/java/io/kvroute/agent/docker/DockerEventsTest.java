package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerEventsTest {
    private static final String ID = "4f1c0ffee0ddba11";
    private static final long TIME_NANO = 1_795_000_000_123_456_789L;
    private static final Instant TIME = Instant.ofEpochSecond(1_795_000_000L, 123_456_789L);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "start                  | START         | ''",
            "health_status: healthy | HEALTH_STATUS | healthy",
            "health_status: unhealthy | HEALTH_STATUS | unhealthy",
            "kill                   | KILL          | signal 15",
            "die                    | DIE           | exit code 137",
            "stop                   | STOP          | ''",
            "destroy                | DESTROY       | ''"})
    void translatesContainerEvents(String action, ContainerAction expected, String detail) {
        Event event = containerEvent(action, Map.of("name", "web-1", "signal", "15", "exitCode", "137"));

        assertThat(DockerEvents.translate(event)).contains(new ContainerEvent(ID, "web-1", expected, detail, TIME));
    }

    @ParameterizedTest
    @CsvSource({"create", "exec_start: /bin/busybox test -f /tmp/ready", "exec_die", "pause", "rename", "attach"})
    void ignoresOtherContainerActions(String action) {
        assertThat(DockerEvents.translate(containerEvent(action, Map.of("name", "web-1")))).isEmpty();
        assertThat(ContainerAction.fromDocker(action)).isEmpty();
    }

    @Test
    void networkConnectNamesTheContainerAndTheNetwork() {
        Event connect = new Event().withType(EventType.NETWORK).withAction("connect").withTimenano(TIME_NANO)
                .withEventActor(new EventActor().withId("net0123").withAttributes(Map.of("container", ID, "name", "backend", "type", "bridge")));

        assertThat(DockerEvents.translate(connect))
                .contains(new ContainerEvent(ID, "", ContainerAction.NETWORK_CONNECT, "network backend", TIME));
        assertThat(DockerEvents.translate(connect.withAction("disconnect")))
                .contains(new ContainerEvent(ID, "", ContainerAction.NETWORK_DISCONNECT, "network backend", TIME));
    }

    @Test
    void networkEventsWithoutAContainerAndOtherTypesAreIgnored() {
        Event networkDestroyed = new Event().withType(EventType.NETWORK).withAction("destroy").withTimenano(TIME_NANO)
                .withEventActor(new EventActor().withId("net0123").withAttributes(Map.of("name", "backend")));
        Event imageDeleted = new Event().withType(EventType.IMAGE).withAction("delete").withTimenano(TIME_NANO)
                .withEventActor(new EventActor().withId("sha256:abc"));
        Event connectWithoutContainer = new Event().withType(EventType.NETWORK).withAction("connect").withTimenano(TIME_NANO)
                .withEventActor(new EventActor().withId("net0123").withAttributes(Map.of("name", "backend")));
        Event withoutActor = new Event().withType(EventType.CONTAINER).withAction("start").withTimenano(TIME_NANO);

        assertThat(DockerEvents.translate(networkDestroyed)).isEmpty();
        assertThat(DockerEvents.translate(imageDeleted)).isEmpty();
        assertThat(DockerEvents.translate(connectWithoutContainer)).isEmpty();
        assertThat(DockerEvents.translate(withoutActor)).isEmpty();
    }

    @Test
    void secondsAreUsedWhenNanosAreMissing() {
        Event event = new Event().withType(EventType.CONTAINER).withAction("die").withTime(1_795_000_000L)
                .withEventActor(new EventActor().withId(ID).withAttributes(Map.of()));

        assertThat(DockerEvents.translate(event).map(ContainerEvent::time)).contains(Instant.ofEpochSecond(1_795_000_000L));
        assertThat(DockerEvents.translate(event).map(ContainerEvent::detail)).isEqualTo(Optional.of(""));
    }

    @Test
    void sinceIsSecondsDotNanos() {
        assertThat(DockerEvents.since(TIME)).isEqualTo("1795000000.123456789");
        assertThat(DockerEvents.since(Instant.ofEpochSecond(5, 7))).isEqualTo("5.000000007");
    }

    @Test
    void printsAsAChangeOfTheContainer() {
        assertThat(new ContainerEvent(ID, "web-1", ContainerAction.HEALTH_STATUS, "healthy", TIME))
                .hasToString("container web-1 changed (health_status healthy)");
        assertThat(new ContainerEvent(ID, "", ContainerAction.START, "", TIME)).hasToString("container " + ID + " changed (start)");
    }

    private static Event containerEvent(String action, Map<String, String> attributes) {
        return new Event().withType(EventType.CONTAINER).withAction(action).withTimenano(TIME_NANO)
                .withEventActor(new EventActor().withId(ID).withAttributes(attributes));
    }
}
