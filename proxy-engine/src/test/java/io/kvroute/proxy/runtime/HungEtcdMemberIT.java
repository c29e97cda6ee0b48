package io.kvroute.proxy.runtime;

import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.testing.EtcdClusterExtension;
import io.kvroute.kv.testing.EtcdMember;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy on a three-member etcd cluster while one member hangs (SIGSTOP: connections open, nothing answered),
 * each member in turn, whichever holds the proxy's watches: a router written meanwhile is served within seconds (the
 * issue's target is 3 s; the bound here leaves room for a loaded CI machine and the measured time is printed). The
 * proxy starts on a member picked at random: the one holding its watch streams (as etcd's metrics say) hangs first,
 * then the other two. The router is written
 * by a client of the other two members: what is tested is the proxy's side, not whether a writer stuck on the hung
 * member gives up in time.
 */
class HungEtcdMemberIT {
    /**
     * The figure is printed. Once the proxy's calls went round-robin over all members, a hung one's included: one full
     * CI run in about six needed more than 10 s, its lists sent to the hung member again and again for over 6 s. Now
     * a call left unanswered moves the proxy on to the next member (measured: see the notes).
     */
    private static final Duration BOUND = Duration.ofSeconds(5);

    @RegisterExtension
    static EtcdClusterExtension cluster = new EtcdClusterExtension();

    @Test
    void aRouterWrittenWhileAMemberHangsIsServedWithinSeconds() {
        try (Backend backend = Backend.start("up");
                RunningProxy proxy = RunningProxy.start(cluster.settings().withRequestTimeout(Duration.ofSeconds(1)),
                        RunningProxy.settings())) {
            proxy.apply(new TraefikKeys().router("first", "Host(`first.test`)", "svc")
                    .server("svc", "one", backend.url()).build());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> cluster.memberHoldingWatchStreams() >= 0);
            int holding = cluster.memberHoldingWatchStreams();
            List<EtcdMember> turns = new ArrayList<>(List.of(cluster.member(holding)));
            cluster.members().stream().filter(member -> member != cluster.member(holding)).forEach(turns::add);
            for (EtcdMember member : turns) {
                String host = "while-" + member.name() + "-hung.test";
                member.pause();
                try (KvStore writer = KvStores.open(StoreSettings.etcd(cluster.members().stream()
                        .filter(other -> other != member).map(EtcdMember::endpoint).toArray(String[]::new))
                        .withRequestTimeout(Duration.ofSeconds(1)))) {
                    KvTransaction.Builder router = KvTransaction.builder();
                    new TraefikKeys().router(member.name(), "Host(`" + host + "`)", "svc")
                            .server("svc", "one", backend.url()).build().forEach(router::put);
                    // the two members that answer may first have to elect a leader (slow on a loaded machine):
                    // what is bounded is how soon the proxy serves what was written, not etcd's election
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                            .until(() -> writer.commit(router.build()) > 0);
                    long written = System.nanoTime();

                    await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                            .until(() -> proxy.get(host, "/").statusCode() == 200);
                    System.out.printf("HungEtcdMemberIT: a router written while %s hung%s was served after %d ms%n",
                            member.name(), member == turns.get(0) ? " (it held the proxy's watch streams)" : "",
                            (System.nanoTime() - written) / 1_000_000);
                } finally {
                    member.resume();
                }
            }
        }
    }
}
