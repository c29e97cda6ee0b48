package io.kvroute.proxy.runtime;

import io.kvroute.proxy.health.HealthChecker;
import io.kvroute.proxy.health.HealthListener;
import io.kvroute.proxy.health.HealthSettings;
import io.kvroute.proxy.health.MicrometerHealthMetrics;
import io.kvroute.proxy.http.PoolSettings;
import io.kvroute.proxy.http.ServerPools;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.middleware.EntryPointTarget;
import io.kvroute.proxy.middleware.MiddlewareEvents;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.tls.TlsServing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the pipeline runs with in ProxyRuntime, without a store or listening entry points: the real health checker and
 * server pools, and the pipelines made over them, all closed together.
 */
final class PipelineParts implements AutoCloseable {
    final HealthChecker health = new HealthChecker(HealthSettings.defaults(), HealthListener.NONE,
            new MicrometerHealthMetrics(new SimpleMeterRegistry()));
    final ServerPools pools = new ServerPools(PoolSettings.DEFAULT, Duration.ofSeconds(1));
    private final List<SnapshotPipeline> pipelines = new ArrayList<>();

    /** The settings of a proxy under the prefix {@code traefik} with one entry point, {@code entryPoint}. */
    static ProxySettings settings(String entryPoint) {
        return ProxySettings.of("traefik", Map.of(entryPoint, new InetSocketAddress("127.0.0.1", 0)));
    }

    /** A pipeline as ProxyRuntime makes it (provider etcd, no certificate resolvers, the system clock). */
    SnapshotPipeline pipeline(ProxySettings settings, TlsServing tls, Consumer<RoutingSnapshot> applied,
            Supplier<Map<String, EntryPointTarget>> entryPoints) {
        SnapshotPipeline pipeline = new SnapshotPipeline(settings, new CheckedUsabilityView(health),
                new SnapshotProxyClient(pools, health, settings.forwarding(), settings.connectRetries()), health,
                pools, tls, Set.of(), new MiddlewareEvents(), "etcd", Clock.systemUTC(), applied, entryPoints);
        pipelines.add(pipeline);
        return pipeline;
    }

    /** A pipeline for the entry point {@code web} that tells no one what it applies. */
    SnapshotPipeline pipeline() {
        return pipeline(settings("web"), new TlsServing(Clock.systemUTC()), routing -> { }, Map::of);
    }

    @Override
    public void close() {
        pipelines.forEach(SnapshotPipeline::close);
        health.close();
        pools.close();
    }
}
