package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of picocli's suggestions an unknown option is answered with. */
class CliErrorsTest {
    private static final List<String> SE_FLAGS = List.of("--serversTransport.forwardingTimeouts.dialTimeout",
            "--serverstransport.forwardingtimeouts.dialtimeout", "--services", "--shutdown.grace");

    @Test
    void theFlagSharingTheLongestPrefixIsSuggestedWithoutTheValue() {
        assertThat(CliErrors.closest("--servics=hello.yaml", SE_FLAGS)).containsExactly("--services");
    }

    @Test
    void atMostThreeAreSuggestedNearestInLengthFirst() {
        assertThat(CliErrors.closest("--dokcer", List.of("--docker.tls.certdir", "--docker.network", "--docker",
                "--docker.endpoint"))).containsExactly("--docker", "--docker.network", "--docker.endpoint");
    }

    @Test
    void noSuggestionsGiveNone() {
        assertThat(CliErrors.closest("--x", List.of())).isEmpty();
    }
}
