package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TcpHealthCheck;
import io.kvroute.kv.model.TcpLoadBalancer;
import io.kvroute.kv.store.KvPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A TCP load balancer's {@code healthCheck} from store keys to {@link TcpHealthCheck}, as Traefik types it. */
class TcpHealthCheckDecodeTest {
    private static final String LB = "traefik/tcp/services/db/loadBalancer/";

    private static DecodedConfig decode(KvPair... check) {
        List<KvPair> pairs = new ArrayList<>(List.of(
                KvPair.of(LB + "servers/0/address", "10.0.0.1:5432"),
                KvPair.of("traefik/tcp/services/other/loadBalancer/servers/0/address", "10.0.0.2:5432")));
        pairs.addAll(List.of(check));
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }

    private static Optional<TcpHealthCheck> check(DecodedConfig decoded) {
        return ((TcpLoadBalancer) decoded.tcp().services().get("db")).healthCheck();
    }

    @Test
    void everyFieldIsTyped() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck/port", "5433"),
                KvPair.of(LB + "healthCheck/send", "PING\r\n"), KvPair.of(LB + "healthCheck/expect", "PONG"),
                KvPair.of(LB + "healthCheck/interval", "2s"), KvPair.of(LB + "healthCheck/unhealthyInterval", "500ms"),
                KvPair.of(LB + "healthCheck/timeout", "1s"));

        assertThat(decoded.problems()).isEmpty();
        assertThat(check(decoded)).contains(new TcpHealthCheck(OptionalInt.of(5433), "PING\r\n", "PONG",
                Duration.ofSeconds(2), Optional.of(Duration.ofMillis(500)), Duration.ofSeconds(1)));
    }

    @Test
    void anEmptyCheckTakesTraefiksDefaults() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck", ""));

        assertThat(decoded.problems()).isEmpty();
        assertThat(check(decoded)).contains(TcpHealthCheck.defaults());
        assertThat(TcpHealthCheck.defaults().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TcpHealthCheck.defaults().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TcpHealthCheck.defaults().effectiveUnhealthyInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void noCheckIsNone() {
        assertThat(check(decode())).isEmpty();
    }

    @Test
    void aPortOutOfRangeBreaksOnlyItsServiceAndNamesTheKey() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck/port", "70000"));

        assertThat(decoded.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.key()).isEqualTo(LB + "healthCheck/port");
            assertThat(problem.entity()).contains(EntityRef.tcpService("db"));
            assertThat(problem.reason()).isEqualTo("expected a port in 1-65535 (0: the server's own)");
        });
        assertThat(Problem.errorsByEntity(decoded.problems())).containsOnlyKeys(EntityRef.tcpService("db"));
    }

    @Test
    void aDurationThatIsNotOneBreaksItsService() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck/timeout", "soon"));

        assertThat(decoded.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.key()).isEqualTo(LB + "healthCheck/timeout");
        });
    }

    @Test
    void nonPositiveDurationsFallBackToTraefiksDefaultsWithAWarning() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck/interval", "-2s"),
                KvPair.of(LB + "healthCheck/unhealthyInterval", "-1s"), KvPair.of(LB + "healthCheck/timeout", "-1ms"));

        assertThat(decoded.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "warning " + LB + "healthCheck/interval=\"-2s\": expected a duration > 0; 30s is used, as Traefik does",
                "warning " + LB + "healthCheck/unhealthyInterval=\"-1s\": expected a duration > 0; 30s is used, "
                        + "as Traefik does",
                "warning " + LB + "healthCheck/timeout=\"-1ms\": expected a duration > 0; 5s is used, as Traefik does");
        assertThat(check(decoded)).contains(new TcpHealthCheck(OptionalInt.empty(), "", "", Duration.ofSeconds(30),
                Optional.of(Duration.ofSeconds(30)), Duration.ofSeconds(5)));
    }

    @Test
    void aPayloadLongerThanTraefiksLimitIsLeftOutWithAWarning() {
        DecodedConfig decoded = decode(KvPair.of(LB + "healthCheck/send", "x".repeat(65536)),
                KvPair.of(LB + "healthCheck/expect", "OK"));

        assertThat(decoded.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.key()).isEqualTo(LB + "healthCheck/send");
        });
        assertThat(check(decoded).orElseThrow().send()).isEmpty();
        assertThat(check(decoded).orElseThrow().expect()).isEqualTo("OK");
    }
}
