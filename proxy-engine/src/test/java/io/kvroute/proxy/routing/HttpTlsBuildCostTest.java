package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.testing.SslContextCount;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.ThreadCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an HTTP routing build costs with 200 routers, each to a load balancer with an {@code https} server on a servers
 * transport of its own ({@code serverName}, {@code rootCAs} from one PEM file), counted as TcpTlsBuildCostTest counts
 * (CPU time and bytes allocated by this thread, which builds) and printed: the first build makes every transport's
 * context; a build of an unchanged configuration makes none (it reads the CA file once to find it unchanged); once
 * the CA file is rewritten in place, the next build makes every transport's context again, the one after none; a
 * build with one transport changed makes one (every service is resolved again then, the other transports keep theirs:
 * 200 contexts before they did).
 */
class HttpTlsBuildCostTest {
    private static final int ROUTERS = 200;
    private static final int WARM_UP = 5;
    private static final int MEASURED = 10;
    private static final long MB = 1 << 20;

    private final SnapshotBuilder builder = new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(),
            Clock.systemUTC());

    @Test
    void aBuildOfAnUnchangedConfigurationMakesNoTlsContextAndAFileRenewedInPlaceMakesThemAgain(@TempDir Path dir)
            throws IOException {
        Path roots = dir.resolve("ca.pem");
        Files.writeString(roots, TestPki.ca("CN=kvroute HTTP servers CA").certPem());
        DecodedConfig config = config(roots, "s0.test");
        DecodedConfig changed = config(roots, "changed.test");

        try (SslContextCount contexts = SslContextCount.start()) {
            RoutingSnapshot built = builder.build(config, new ConfigVersion(1, Instant.EPOCH), RoutingSnapshot.empty());
            int firstContexts = contexts.made();
            for (int i = 0; i < WARM_UP; i++) {
                built = builder.build(config, new ConfigVersion(1, Instant.EPOCH), built);
            }
            int before = contexts.made();
            ThreadCost unchanged = cost(config, built, MEASURED);
            int unchangedContexts = (contexts.made() - before) / MEASURED;

            Files.writeString(roots, TestPki.ca("CN=kvroute HTTP servers CA renewed").certPem());
            before = contexts.made();
            ThreadCost renewedCost = cost(config, built, 1);
            RoutingSnapshot renewed = builder.build(config, new ConfigVersion(2, Instant.EPOCH), built);
            int renewedContexts = contexts.made() - before;
            before = contexts.made();
            ThreadCost afterRenewal = cost(config, renewed, MEASURED);
            int afterContexts = (contexts.made() - before) / MEASURED;
            before = contexts.made();
            ThreadCost oneChanged = cost(changed, renewed, 1);
            int changedContexts = contexts.made() - before;

            report("unchanged build", unchanged, unchangedContexts);
            report("build after the CA file was renewed in place", renewedCost, renewedContexts / 2);
            report("unchanged build after the renewal", afterRenewal, afterContexts);
            report("build with one transport changed", oneChanged, changedContexts);
            assertThat(built.routes()).hasSize(ROUTERS);
            assertThat(built.exclusions()).isEmpty();
            assertThat(firstContexts).as("contexts made by the first build").isEqualTo(ROUTERS);
            assertThat(unchangedContexts).as("contexts made by a build of the same configuration").isZero();
            assertThat(renewedContexts).as("contexts made by two builds after the CA file was renewed in place")
                    .isEqualTo(2 * ROUTERS);
            assertThat(afterContexts).as("contexts made by a build of the same configuration after").isZero();
            assertThat(changedContexts).as("contexts made by a build with one transport changed").isOne();
            assertThat(unchanged.allocated()).as("bytes a build of the same configuration allocates")
                    .isLessThan(2 * MB);
        }
    }

    /** The configuration; transport t0 has {@code serverName0}, every other one its own name. */
    private static DecodedConfig config(Path roots, String serverName0) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            String http = "traefik/http/";
            pairs.add(KvPair.of(http + "routers/r" + i + "/rule", "Host(`r" + i + ".test`)"));
            pairs.add(KvPair.of(http + "routers/r" + i + "/service", "s" + i));
            pairs.add(KvPair.of(http + "services/s" + i + "/loadBalancer/servers/0/url",
                    "https://127.0.0.1:" + (20_000 + i)));
            pairs.add(KvPair.of(http + "services/s" + i + "/loadBalancer/serversTransport", "t" + i));
            pairs.add(KvPair.of(http + "serversTransports/t" + i + "/serverName",
                    i == 0 ? serverName0 : "s" + i + ".test"));
            pairs.add(KvPair.of(http + "serversTransports/t" + i + "/rootCAs/0", roots.toString()));
        }
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }

    /** The CPU time and bytes of one build of {@code config} after {@code previous}, averaged over {@code builds}. */
    private ThreadCost cost(DecodedConfig config, RoutingSnapshot previous, int builds) {
        return ThreadCost.averaged(builds, () -> assertThat(
                builder.build(config, new ConfigVersion(2, Instant.EPOCH), previous).exclusions()).isEmpty());
    }

    private static void report(String what, ThreadCost cost, int contexts) {
        System.out.printf("%s of %d HTTP routers over TLS transports: %s, %d TLS contexts made%n", what, ROUTERS, cost,
                contexts);
    }
}
