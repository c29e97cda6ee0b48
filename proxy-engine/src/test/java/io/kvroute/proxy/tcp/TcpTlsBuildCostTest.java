package io.kvroute.proxy.tcp;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a TCP routing build costs with 200 routers, each to a load balancer with a TLS server on a servers transport
 * of its own ({@code serverName}, {@code rootCAs} from a PEM file), counted as ChangeCostTest counts (CPU time and
 * bytes allocated by this thread, which builds) and printed: the first build reads every transport's files and makes
 * its context; a build of an unchanged configuration makes none and allocates about 0.8 MB (6.2 MB and 400
 * contexts while every build compiled every transport, two contexts each); a build with one transport changed makes
 * one.
 */
class TcpTlsBuildCostTest {
    private static final int ROUTERS = 200;
    private static final int WARM_UP = 5;
    private static final int MEASURED = 10;
    private static final long MB = 1 << 20;

    private final TcpRoutingBuilder builder = new TcpRoutingBuilder(Set.of("db"), "memory", UsabilityView.allUp());

    @Test
    void aBuildOfAnUnchangedConfigurationMakesNoTlsContextAndAllocatesLittle(@TempDir Path dir) throws IOException {
        Path roots = dir.resolve("ca.pem");
        Files.writeString(roots, TestPki.ca("CN=kvroute TCP servers CA").certPem());
        DecodedConfig config = config(roots, "db0.test");
        DecodedConfig changed = config(roots, "changed.test");

        try (SslContextCount contexts = SslContextCount.start()) {
            ThreadCost first = cost(config, TcpRouting.empty(), 1);
            int firstContexts = contexts.made();
            TcpRouting built = builder.build(config, Map.of(), Set.of(), name -> Optional.empty(), TcpRouting.empty());
            for (int i = 0; i < WARM_UP; i++) {
                built = builder.build(config, Map.of(), Set.of(), name -> Optional.empty(), built);
            }
            int before = contexts.made();
            ThreadCost unchanged = cost(config, built, MEASURED);
            int unchangedContexts = (contexts.made() - before) / MEASURED;
            before = contexts.made();
            ThreadCost oneChanged = cost(changed, built, 1);
            int changedContexts = contexts.made() - before;

            report("first build", first, firstContexts);
            report("unchanged build", unchanged, unchangedContexts);
            report("build with one transport changed", oneChanged, changedContexts);
            assertThat(built.servedRouters()).hasSize(ROUTERS);
            assertThat(built.serverTls()).hasSize(ROUTERS);
            assertThat(firstContexts).as("contexts made by the first build").isEqualTo(ROUTERS);
            assertThat(unchangedContexts).as("contexts made by a build of the same configuration").isZero();
            assertThat(changedContexts).as("contexts made by a build with one transport changed").isOne();
            assertThat(unchanged.allocated()).as("bytes a build of the same configuration allocates")
                    .isLessThan(2 * MB);
        }
    }

    /** The configuration; transport t0 has {@code serverName0}, every other one its own name. */
    private static DecodedConfig config(Path roots, String serverName0) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            String tcp = "traefik/tcp/";
            pairs.add(KvPair.of(tcp + "routers/r" + i + "/rule", "HostSNI(`r" + i + ".test`)"));
            pairs.add(KvPair.of(tcp + "routers/r" + i + "/tls/passthrough", "true"));
            pairs.add(KvPair.of(tcp + "routers/r" + i + "/service", "s" + i));
            pairs.add(KvPair.of(tcp + "services/s" + i + "/loadBalancer/servers/0/address",
                    "127.0.0.1:" + (20_000 + i)));
            pairs.add(KvPair.of(tcp + "services/s" + i + "/loadBalancer/servers/0/tls", "true"));
            pairs.add(KvPair.of(tcp + "services/s" + i + "/loadBalancer/serversTransport", "t" + i));
            pairs.add(KvPair.of(tcp + "serversTransports/t" + i + "/tls/serverName",
                    i == 0 ? serverName0 : "db" + i + ".test"));
            pairs.add(KvPair.of(tcp + "serversTransports/t" + i + "/tls/rootCAs/0", roots.toString()));
        }
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }

    /** The CPU time and bytes of one build of {@code config} after {@code previous}, averaged over {@code builds}. */
    private ThreadCost cost(DecodedConfig config, TcpRouting previous, int builds) {
        return ThreadCost.averaged(builds, () -> assertThat(
                builder.build(config, Map.of(), Set.of(), name -> Optional.empty(), previous).exclusions()).isEmpty());
    }

    private static void report(String what, ThreadCost cost, int contexts) {
        System.out.printf("%s of %d TCP routers over TLS transports: %s, %d TLS contexts made%n", what, ROUTERS, cost,
                contexts);
    }
}
