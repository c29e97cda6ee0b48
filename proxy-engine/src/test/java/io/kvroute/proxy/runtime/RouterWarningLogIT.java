package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A router served with a warning is logged when the warning appears or changes, not on every configuration change:
 * real etcd, a proxy, a router whose certificate resolver is not configured and builds that change other routers.
 * The API keeps showing the warning on every snapshot.
 */
class RouterWarningLogIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void aRoutersWarningIsLoggedWhenItAppearsOrChangesNotOnEveryBuild() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotPipeline.class);
        logger.addAppender(log);
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(warned(new TraefikKeys(), "shop", "le").server("app", "one", backend.url()).build());
            awaitLogged(log, "router shop: tls.certResolver: certificate resolver le is not configured");

            proxy.apply(warned(new TraefikKeys(), "blog", "le").build());
            awaitLogged(log, "router blog: tls.certResolver: certificate resolver le is not configured");
            proxy.apply(warned(new TraefikKeys(), "shop", "other").build());
            awaitLogged(log, "router shop: tls.certResolver: certificate resolver other is not configured");
            proxy.apply(warned(new TraefikKeys(), "wiki", "le").build());
            awaitLogged(log, "router wiki: tls.certResolver: certificate resolver le is not configured");

            assertThat(warnings(log)).as("each warning once, in the order they appeared").containsExactly(
                    "router shop: tls.certResolver: certificate resolver le is not configured",
                    "router blog: tls.certResolver: certificate resolver le is not configured",
                    "router shop: tls.certResolver: certificate resolver other is not configured",
                    "router wiki: tls.certResolver: certificate resolver le is not configured");
            assertThat(proxy.runtime().snapshot().problems()).as("the snapshot still has every warning")
                    .extracting(ChainProblem::router).containsExactlyInAnyOrder("shop", "blog", "wiki");
        } finally {
            logger.detachAppender(log);
        }
    }

    /** A router {@code name} of {@code Host(`name.test`)} whose TLS names the resolver {@code resolver}. */
    private static TraefikKeys warned(TraefikKeys keys, String name, String resolver) {
        return keys.router(name, "Host(`" + name + ".test`)", "app").routerKey(name, "tls/certResolver", resolver);
    }

    private static void awaitLogged(ListAppender<ILoggingEvent> log, String start) {
        await().atMost(Duration.ofSeconds(10)).until(() -> warnings(log).stream().anyMatch(w -> w.startsWith(start)));
    }

    /** The router warnings logged so far, each cut after the resolver's name. */
    private static List<String> warnings(ListAppender<ILoggingEvent> log) {
        List<ILoggingEvent> logged;
        synchronized (log) { // the appender appends under its own lock (AppenderBase.doAppend), on the config thread
            logged = List.copyOf(log.list);
        }
        return logged.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("router ") && line.contains("tls.certResolver"))
                .map(line -> line.substring(0, line.indexOf(" is not configured") + " is not configured".length()))
                .toList();
    }
}
