package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UndertowInternalsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(UndertowInternals.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void internalsOfThisUndertowAreFoundWithoutAWord() {
        Optional<UndertowInternals.Found> found = UndertowInternals.find("fallback",
                new UndertowInternals.Field(ProxyConnectionPool.class.getName(), "closed", "boolean"),
                new UndertowInternals.Method(ProxyConnectionPool.class.getName(), "redistributeQueued",
                        List.of(ProxyConnectionPool.class.getName() + "$HostThreadData")));

        assertThat(found).hasValueSatisfying(handles -> assertThat(handles.handles()).hasSize(2));
        assertThat(logged.list).isEmpty();
    }

    @Test
    void everyUserFindsWhatItNeedsInThisUndertow() {
        assertThat(KeepAlivePool.reachesUndertowInternals()).as("KeepAlivePool").isTrue();
        assertThat(GoAwayChannel.reachesUndertowInternals()).as("GoAwayChannel").isTrue();
        assertThat(Http2ConnectionEnd.reachesUndertowInternals()).as("Http2ConnectionEnd").isTrue();
    }

    @Test
    void internalsNotFoundGiveNoneAndOneWarningNamingThemAndTheFallback() {
        Optional<UndertowInternals.Found> found = UndertowInternals.find("Undertow's close() closes the pool",
                new UndertowInternals.Field(ProxyConnectionPool.class.getName(), "closed", "boolean"),
                new UndertowInternals.Field(ProxyConnectionPool.class.getName(), "noSuchField", "int"),
                new UndertowInternals.Field("io.undertow.NoSuchClass", "closed", "boolean"),
                new UndertowInternals.Field(ProxyConnectionPool.class.getName(), "closed", "int"),
                new UndertowInternals.Method(ProxyConnectionPool.class.getName(), "redistributeQueued", List.of()));

        assertThat(found).isEmpty();
        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage())
                    .contains("io.undertow.server.handlers.proxy.ProxyConnectionPool.noSuchField (int)")
                    .contains("io.undertow.NoSuchClass.closed (boolean)")
                    .contains("io.undertow.server.handlers.proxy.ProxyConnectionPool.closed (int)")
                    .contains("io.undertow.server.handlers.proxy.ProxyConnectionPool.redistributeQueued()")
                    .doesNotContain("ProxyConnectionPool.closed (boolean)")
                    .endsWith("; Undertow's close() closes the pool")
                    .doesNotContain("\n");
        });
    }
}
