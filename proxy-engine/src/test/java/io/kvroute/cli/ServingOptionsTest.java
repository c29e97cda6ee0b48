package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.runtime.ProxySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Traefik's static default servers transport flags. */
class ServingOptionsTest {
    @Command(name = "test")
    static final class Holder {
        @Mixin
        ServingOptions serving = new ServingOptions();
    }

    private static ForwardingTimeouts defaultTransport(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        ProxySettings settings = holder.serving.settings("traefik", List.of());
        return settings.forwarding().defaultTransport();
    }

    @Test
    void idleConnectionsAreKeptNinetySecondsAsInTraefik() {
        assertThat(defaultTransport().idleConnTimeout()).isEqualTo(Duration.ofSeconds(90))
                .isEqualTo(ForwardingTimeouts.TRAEFIK_DEFAULTS.idleConnTimeout());
    }

    @Test
    void theIdleConnTimeoutFlagSetsTheDefaultTransportsInEitherSpelling() {
        assertThat(defaultTransport("--serversTransport.forwardingTimeouts.idleConnTimeout=5s").idleConnTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(defaultTransport("--serverstransport.forwardingtimeouts.idleconntimeout=0").idleConnTimeout())
                .isZero();
    }
}
