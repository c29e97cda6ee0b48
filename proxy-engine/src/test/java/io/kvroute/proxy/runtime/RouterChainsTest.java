package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.http.ChainProblem;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which chains a new snapshot keeps, through the pipeline ProxyRuntime runs (no store): a router served with a
 * middleware's warning keeps its chain, and the warning, across changes of other routers (a new chain would reset its
 * rateLimit buckets and inFlightReq counts); a change of its own middleware builds it anew; a router left out is
 * built again on every change.
 */
class RouterChainsTest {
    private final PipelineParts parts = new PipelineParts();
    private final SnapshotPipeline pipeline = parts.pipeline();
    private final IncrementalConfig config = new IncrementalConfig("traefik");
    private long revision;

    @AfterEach
    void close() {
        parts.close();
    }

    @Test
    void aRouterServedWithAWarningKeepsItsChainAndWarningWhileOtherRoutersChange() {
        deliver(put("traefik/http/routers/warned/rule", "Host(`warned.test`)"),
                put("traefik/http/routers/warned/service", "app"),
                put("traefik/http/routers/warned/middlewares/0", "legacy"),
                put("traefik/http/middlewares/legacy/headers/sslRedirect", "true"),
                put("traefik/http/routers/other/rule", "Host(`other.test`)"),
                put("traefik/http/routers/other/service", "app"),
                put("traefik/http/routers/broken/rule", "Host(`broken.test`)"),
                put("traefik/http/routers/broken/service", "app"),
                put("traefik/http/routers/broken/middlewares/0", "limit"),
                put("traefik/http/middlewares/limit/inFlightReq/amount", "-1"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9"));
        HttpHandler chain = pipeline.snapshot().routerHandlers().get("warned");
        assertThat(chain).isNotNull();
        List<ChainProblem> warnings = problemsOf("warned");
        assertThat(warnings).singleElement().satisfies(problem -> {
            assertThat(problem.served()).isTrue();
            assertThat(problem.message()).contains("sslRedirect");
        });
        assertThat(problemsOf("broken")).singleElement().satisfies(problem ->
                assertThat(problem.served()).isFalse());

        deliver(put("traefik/http/routers/other/rule", "Host(`other2.test`)"));
        assertThat(pipeline.snapshot().routerHandlers().get("warned")).isSameAs(chain);
        assertThat(problemsOf("warned")).isEqualTo(warnings);
        assertThat(problemsOf("broken")).as("a router left out is looked at again").hasSize(1);

        deliver(put("traefik/http/routers/other/priority", "7"), put("traefik/http/routers/warned/priority", "8"));
        assertThat(pipeline.snapshot().routerHandlers().get("warned")).as("its rule's priority is no input of its chain")
                .isSameAs(chain);
        assertThat(problemsOf("warned")).isEqualTo(warnings);

        deliver(put("traefik/http/middlewares/legacy/headers/customRequestHeaders/X-A", "a"));
        assertThat(pipeline.snapshot().routerHandlers().get("warned")).as("its middleware changed").isNotNull()
                .isNotSameAs(chain);
        assertThat(problemsOf("warned")).hasSize(1);
    }

    @Test
    void aFailoverThatGainsErrorsGivesItsRoutersAChainThatTriesTheFallback() {
        deliver(put("traefik/http/routers/r/rule", "Host(`r.test`)"),
                put("traefik/http/routers/r/service", "shop"),
                put("traefik/http/routers/r/middlewares/0", "once"),
                put("traefik/http/middlewares/once/retry/attempts", "1"),
                put("traefik/http/services/shop/failover/service", "main"),
                put("traefik/http/services/shop/failover/fallback", "spare"),
                put("traefik/http/services/main/loadBalancer/servers/0/url", "http://127.0.0.1:9"),
                put("traefik/http/services/main/loadBalancer/healthCheck/path", "/health"),
                put("traefik/http/services/spare/loadBalancer/servers/0/url", "http://127.0.0.1:9"));
        HttpHandler chain = pipeline.snapshot().routerHandlers().get("r");
        assertThat(chain).isNotNull();

        deliver(put("traefik/http/services/shop/failover/errors/status/0", "500"));

        assertThat(pipeline.snapshot().routerHandlers().get("r"))
                .as("its proxy now tries a request once more, on the fallback after a 500: a chain made anew")
                .isNotNull().isNotSameAs(chain);
    }

    @Test
    void aRouterWhoseErrorPagesServiceGoesIsLeftOutAndComesBackWithIt() {
        deliver(put("traefik/http/routers/r/rule", "Host(`r.test`)"),
                put("traefik/http/routers/r/service", "app"),
                put("traefik/http/routers/r/middlewares/0", "pages"),
                put("traefik/http/middlewares/pages/errors/status/0", "500-599"),
                put("traefik/http/middlewares/pages/errors/service", "errorpages"),
                put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9"),
                put("traefik/http/services/errorpages/loadBalancer/servers/0/url", "http://127.0.0.1:9"));
        assertThat(pipeline.snapshot().routerHandlers()).containsKey("r");
        assertThat(problemsOf("r")).isEmpty();

        deliver(KvEvent.delete("traefik/http/services/errorpages/loadBalancer/servers/0/url", ++revision));

        assertThat(pipeline.snapshot().routerHandlers()).as("Traefik builds no router whose errors service is gone")
                .doesNotContainKey("r");
        assertThat(problemsOf("r")).singleElement().satisfies(problem -> {
            assertThat(problem.served()).isFalse();
            assertThat(problem.message()).contains("service");
        });

        deliver(put("traefik/http/services/errorpages/loadBalancer/servers/0/url", "http://127.0.0.1:9"));

        assertThat(pipeline.snapshot().routerHandlers()).containsKey("r");
        assertThat(problemsOf("r")).isEmpty();
    }

    private List<ChainProblem> problemsOf(String router) {
        return pipeline.snapshot().problems().stream().filter(problem -> problem.router().equals(router)).toList();
    }

    /** Applies {@code events} and waits, bounded, for the snapshot of their revision. */
    private void deliver(KvEvent... events) {
        long built = revision;
        pipeline.configChanged(config.apply(List.of(events)), new ConfigStamp(built, Instant.now(), config.size()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pipeline.snapshot().routing().version().revision() != built) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the snapshot of revision " + built + " was not built within 30 s");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private KvEvent put(String key, String value) {
        return KvEvent.put(key, value, ++revision);
    }
}
