package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.middleware.EntryPointTarget;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.tls.TlsServing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same configuration read again at a later revision (the watch caught up the other root and found nothing new),
 * through the pipeline ProxyRuntime runs (no store): what serves is stamped with the newer revision and nothing is
 * built again, unless the build of that configuration did not run to its end.
 */
class ConfigRestampTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PipelineParts parts = new PipelineParts();
    private final AtomicInteger applied = new AtomicInteger();
    /** Whether the next {@code applied} callback throws: a build that fails after its swap. */
    private final AtomicBoolean failAppliedOnce = new AtomicBoolean();
    private final IncrementalConfig config = new IncrementalConfig("traefik");
    private SnapshotPipeline pipeline = pipeline(Map::of);
    private long revision;

    @AfterEach
    void close() {
        parts.close();
    }

    @Test
    void aNewerStampOfTheConfigurationBuiltFromLastKeepsWhatServesAndPublishesTheRevision() {
        DecodedConfig decoded = config.apply(List.of(put("traefik/http/routers/site/rule", "Host(`a.test`)"),
                put("traefik/http/routers/site/service", "app"),
                put("traefik/http/routers/site/middlewares/0", "tag"),
                put("traefik/http/middlewares/tag/headers/customRequestHeaders/X-Tag", "1"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9")));
        deliver(decoded, revision);
        ServingSnapshot built = pipeline.snapshot();
        Instant readAgain = Instant.now().plusSeconds(1);
        long caughtUp = revision + 3;

        pipeline.configChanged(decoded, new ConfigStamp(caughtUp, readAgain, config.size()));

        await().atMost(WAIT).until(() -> pipeline.snapshot().routing().version().revision() == caughtUp);
        ServingSnapshot restamped = pipeline.snapshot();
        assertThat(restamped.routing().version()).isEqualTo(new ConfigVersion(caughtUp, readAgain));
        assertThat(restamped.routing().generation()).as("no build").isEqualTo(built.routing().generation());
        assertThat(restamped.routing().routes()).isSameAs(built.routing().routes());
        assertThat(restamped.routing().balancers()).isSameAs(built.routing().balancers());
        assertThat(restamped.routing().middlewares()).isSameAs(built.routing().middlewares());
        assertThat(restamped.routerHandlers()).isSameAs(built.routerHandlers());
        assertThat(restamped.tlsConnections()).isSameAs(built.tlsConnections());
        assertThat(applied).as("not a reload").hasValue(1);
        assertThat(pipeline.config()).containsSame(decoded);

        revision = caughtUp;
        deliver(config.apply(List.of(put("traefik/http/routers/site/rule", "Host(`b.test`)"))), revision);
        assertThat(pipeline.snapshot().routing().routersChangedSince(restamped.routing())).as("built on from the re-stamped one")
                .hasValue(Set.of("site"));
        assertThat(pipeline.snapshot().routing().balancers()).isSameAs(built.routing().balancers());
    }

    @Test
    void aNewerStampKeepsHeldRoutersUntilTheirHoldEnds() {
        deliver(config.apply(List.of(put("traefik/http/routers/site/rule", "Host(`a.test`)"),
                put("traefik/http/routers/site/service", "app"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9"))), revision);
        DecodedConfig withoutRouter = config.apply(List.of(delete("traefik/http/routers/site/rule"),
                delete("traefik/http/routers/site/service")));
        deliver(withoutRouter, revision);
        assertThat(pipeline.snapshot().heldRouters()).containsOnlyKeys("site");

        pipeline.configChanged(withoutRouter, new ConfigStamp(revision + 1, Instant.now(), config.size()));

        await().atMost(WAIT).until(() -> pipeline.snapshot().routing().version().revision() == revision + 1);
        assertThat(pipeline.snapshot().heldRouters()).containsOnlyKeys("site");
        assertThat(pipeline.snapshot().routerHandlers()).containsKey("site");
        await().atMost(SnapshotPipeline.ROUTER_HOLD.plus(WAIT))
                .until(() -> pipeline.snapshot().routing().routeOf("site").isEmpty());
        assertThat(pipeline.snapshot().heldRouters()).isEmpty();
        assertThat(pipeline.snapshot().routing().version().revision()).isEqualTo(revision + 1);
    }

    @Test
    void aNewerStampOfAConfigurationWhoseBuildFailedBuildsIt() {
        AtomicInteger asked = new AtomicInteger();
        pipeline.close();
        pipeline = pipeline(() -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("the entry points are not listening yet");
            }
            return Map.of();
        });
        DecodedConfig decoded = config.apply(List.of(put("traefik/http/routers/site/rule", "Host(`a.test`)"),
                put("traefik/http/routers/site/service", "app"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9")));
        pipeline.configChanged(decoded, new ConfigStamp(revision, Instant.now(), config.size()));
        await().atMost(WAIT).until(() -> asked.get() == 1);
        assertThat(pipeline.snapshot().routing().routes()).as("the build failed").isEmpty();

        deliver(decoded, revision + 1);

        assertThat(pipeline.snapshot().routing().routeOf("site")).isPresent();
        assertThat(pipeline.snapshot().routerHandlers()).containsKey("site");
        assertThat(applied).hasValue(1);
    }

    @Test
    void aNewerStampOfAConfigurationWhoseBuildFailedAfterItsSwapBuildsItAgain() {
        failAppliedOnce.set(true);
        DecodedConfig decoded = config.apply(List.of(put("traefik/http/routers/site/rule", "Host(`a.test`)"),
                put("traefik/http/routers/site/service", "app"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9")));
        deliver(decoded, revision);
        await().atMost(WAIT).until(() -> applied.get() == 1);

        deliver(decoded, revision + 1);

        await().atMost(WAIT).until(() -> applied.get() == 2);
        assertThat(pipeline.snapshot().routing().routeOf("site")).isPresent();
    }

    private SnapshotPipeline pipeline(Supplier<Map<String, EntryPointTarget>> entryPoints) {
        return parts.pipeline(PipelineParts.settings("web"), new TlsServing(Clock.systemUTC()), routing -> {
            applied.incrementAndGet();
            if (failAppliedOnce.compareAndSet(true, false)) {
                throw new IllegalStateException("a failure after the swap");
            }
        }, entryPoints);
    }

    /** Hands {@code decoded} to the pipeline stamped {@code at} and waits, bounded, until what serves carries it. */
    private void deliver(DecodedConfig decoded, long at) {
        pipeline.configChanged(decoded, new ConfigStamp(at, Instant.now(), config.size()));
        await().atMost(WAIT).until(() -> pipeline.snapshot().routing().version().revision() == at);
    }

    private KvEvent put(String key, String value) {
        return KvEvent.put(key, value, ++revision);
    }

    private KvEvent delete(String key) {
        return KvEvent.delete(key, ++revision);
    }
}
