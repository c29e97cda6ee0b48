package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The errors middleware's settings as Traefik reads them (status codes and ranges, statusRewrites, the page's
 * request target).
 */
class ErrorPagesOptionsTest {
    /** A configuration with one service, {@code pages}; chains here are only built, never asked for a page. */
    private static final ServiceRequests ONE_SERVICE = new ServiceRequests() {
        @Override
        public boolean serves(String service) {
            return service.equals("pages");
        }

        @Override
        public void get(String service, PageRequest request, HttpServerExchange exchange,
                Consumer<PageResponse> done) {
            throw new IllegalStateException("no page is asked for in this test");
        }
    };

    @Test
    void readsCodesAndRangesAsTraefik() {
        HttpCodeRanges ranges = HttpCodeRanges.parse(List.of("404", "500-599", "418-420-999")).orElseThrow();

        assertThat(List.of(404, 418, 420, 421, 500, 599, 600, 200))
                .map(ranges::contains).containsExactly(true, true, true, false, true, true, false, false);
        assertThat(HttpCodeRanges.parse(List.of("500,502"))).isEmpty();
        assertThat(HttpCodeRanges.parse(List.of("5xx"))).isEmpty();
    }

    @Test
    void makesThePageTargetAsGoParsesIt() {
        assertThat(PageTarget.of("")).contains("/");
        assertThat(PageTarget.of("/503.html")).contains("/503.html");
        assertThat(PageTarget.of("/errors/a b.html?x=1 2#top")).contains("/errors/a%20b.html?x=1 2");
        assertThat(PageTarget.of("/caf%C3%A9?")).contains("/caf%C3%A9?");
        assertThat(PageTarget.of("/bad%zz")).isEmpty();
        assertThat(PageTarget.of("/line\nbreak")).isEmpty();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> build("{\"status\": [\"5xx\"], \"service\": \"pages\"}"))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"oops\" (errors): status [\"5xx\"] (expected: codes such as 404 or ranges "
                        + "such as 500-599)");
        assertThatThrownBy(() -> build("{\"status\": [\"500\"], \"service\": \"gone\"}"))
                .hasMessage("middleware \"oops\" (errors): service \"gone\" (expected: a service of this configuration "
                        + "that can serve (not missing or left out))");
        assertThatThrownBy(() -> build("{\"status\": [\"500\"], \"service\": \"pages\", \"statusRewrites\": "
                + "{\"500\": 1000}}"))
                .hasMessage("middleware \"oops\" (errors): statusRewrites/500 1000 (expected: a status code from 100 "
                        + "to 999)");
        assertThatThrownBy(() -> build("{\"status\": [\"500\"], \"service\": \"pages\", \"statusRewrites\": "
                + "{\"5x\": 404}}"))
                .hasMessageContaining("statusRewrites/5x 404 (expected: a status rewrite from a code or range");
    }

    @Test
    void acceptsTraefiksDocumentationExample() {
        HttpHandler handler = build("{\"status\": [\"500\", \"501\", \"503\", \"505-599\"], \"service\": "
                + "\"pages@etcd\", \"query\": \"/{status}.html\", \"statusRewrites\": {\"418\": 404, \"502-504\": 500},"
                + " \"errorRequestHeaders\": [\"Accept-Language\"]}");

        assertThat(handler).isInstanceOf(ErrorPagesHandler.class);
    }

    private static HttpHandler build(String json) {
        try {
            ObjectNode settings = (ObjectNode) new ObjectMapper().readTree(json);
            OpaqueMiddleware middleware = new OpaqueMiddleware("oops", "errors", RawSettings.fromJson(settings));
            return ErrorPagesHandler.kind(middleware,
                    new MiddlewareContext(new MiddlewareEvents(), new ArrayList<>(), ONE_SERVICE,
                            ChainScope.NONE)).apply(Echo.HANDLER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
