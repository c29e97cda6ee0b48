package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.tls.TlsServing;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a change of a host's TLS options takes effect, through the pipeline ProxyRuntime runs (no store): until the new
 * options are published, the old snapshot serves all its routers, those of that host included (no 404 while the
 * change is published); the new snapshot serves right after them, with the options it was built for, which a request's
 * connection must have been made with (HttpsEntryPointIT#aConnectionMadeBeforeItsHostsOptionsChangedGets421).
 */
class TlsOptionsSwapTest {
    private final PipelineParts parts = new PipelineParts();
    private final TlsServing tls = new TlsServing(Clock.systemUTC());
    private final SnapshotPipeline pipeline = parts.pipeline(PipelineParts.settings("websecure"), tls, routing -> { },
            Map::of);
    private final IncrementalConfig config = new IncrementalConfig("traefik");
    private long revision;

    @AfterEach
    void close() {
        parts.close();
    }

    @Test
    void theOldSnapshotServesEveryRouterUntilTheNewOptionsArePublishedThenTheNewOneServes() {
        deliver(put("traefik/tls/options/modern/minVersion", "VersionTLS13"),
                put("traefik/http/routers/admin/rule", "Host(`b.test`)"),
                put("traefik/http/routers/admin/service", "app"),
                put("traefik/http/routers/admin/tls/options", "modern"),
                put("traefik/http/routers/other/rule", "Host(`c.test`)"),
                put("traefik/http/routers/other/service", "app"),
                put("traefik/http/routers/other/tls/options", "modern"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9"));
        await(() -> pipeline.snapshot().routing().version().revision() == revision);
        assertThat(pipeline.snapshot().chain("admin", "websecure")).isNotNull();
        Map<String, Map<String, String>> before = tls.current().hostOptions();
        assertThat(before.get("websecure")).containsKey("b.test");

        // Another router of b.test with other options: b.test falls back to default and admin is left out.
        List<KvEvent> conflict = List.of(put("traefik/http/routers/site/rule", "Host(`b.test`)"),
                put("traefik/http/routers/site/service", "app"), put("traefik/http/routers/site/tls", "true"));
        long conflicting = revision;
        synchronized (tls) {
            pipeline.configChanged(config.apply(conflict), new ConfigStamp(conflicting, Instant.now(), config.size()));
            await(this::pipelineWaitsForTheTlsLock);
            assertThat(tls.current().hostOptions()).as("not published yet: the pipeline waits for the TLS lock")
                    .isEqualTo(before);
            ServingSnapshot old = pipeline.snapshot();
            assertThat(old.routing().version().revision()).as("the old snapshot").isLessThan(conflicting);
            assertThat(old.chain("admin", "websecure")).as("the router whose host's options change").isNotNull();
            assertThat(old.chain("other", "websecure")).as("a host whose options stay").isNotNull();
        }
        await(() -> pipeline.snapshot().routing().version().revision() == conflicting);
        assertThat(tls.current().hostOptions()).isNotEqualTo(before);
        assertThat(pipeline.snapshot().chain("admin", "websecure")).isNull();
        assertThat(pipeline.snapshot().chain("site", "websecure")).isNotNull();
    }

    /**
     * A build that fails after compiling new options publishes nothing; the next one, of the same tls section and the
     * same options per host, publishes them: before, it found nothing changed, and the snapshot checked connections
     * against options no handshake was made with (every connection of such hosts got 421 until the next TLS change).
     */
    @Test
    void theOptionsOfABuildThatFailedAfterCompilingThemArePublishedByTheNextBuild() {
        AtomicBoolean listening = new AtomicBoolean();
        SnapshotPipeline failingOnce = parts.pipeline(PipelineParts.settings("websecure"), tls, routing -> { }, () -> {
            if (!listening.getAndSet(true)) {
                throw new IllegalStateException("the entry points are not listening yet");
            }
            return Map.of();
        });
        try {
            List<KvEvent> first = List.of(put("traefik/tls/options/modern/minVersion", "VersionTLS13"),
                    put("traefik/http/routers/site/rule", "PathPrefix(`/`)"),
                    put("traefik/http/routers/site/service", "app"),
                    put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9"));
            failingOnce.configChanged(config.apply(first), new ConfigStamp(revision, Instant.now(), config.size()));
            await(listening::get);
            List<KvEvent> unrelated = List.of(put("traefik/http/services/app/loadBalancer/servers/1/url",
                    "http://127.0.0.1:10"));
            long next = revision;
            failingOnce.configChanged(config.apply(unrelated), new ConfigStamp(next, Instant.now(), config.size()));
            await(() -> failingOnce.snapshot().routing().version().revision() == next);

            assertThat(tls.current().options().refusal("modern")).as("the options the serving snapshot was built with")
                    .isEmpty();
        } finally {
            failingOnce.close();
        }
    }

    /** Whether a thread waits to enter the monitor of {@link #tls} (the pipeline's, in {@link TlsServing#publish}). */
    private boolean pipelineWaitsForTheTlsLock() {
        String lock = TlsServing.class.getName() + "@" + Integer.toHexString(System.identityHashCode(tls));
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .anyMatch(thread -> thread.getThreadState() == Thread.State.BLOCKED
                        && lock.equals(thread.getLockName()));
    }

    private void deliver(KvEvent... events) {
        pipeline.configChanged(config.apply(List.of(events)), new ConfigStamp(revision, Instant.now(), config.size()));
    }

    /** Waits, bounded, until {@code condition} holds. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private KvEvent put(String key, String value) {
        return KvEvent.put(key, value, ++revision);
    }
}
