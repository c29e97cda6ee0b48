package io.kvroute.agent.discovery;

import static io.kvroute.agent.discovery.Outcomes.declared;
import static io.kvroute.agent.discovery.Outcomes.discover;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code headers} labels of Traefik's documentation (lower-case option names, comma-separated lists) reach the
 * store as the Traefik v3 keys the proxy applies: CORS and security options need nothing beyond the decoder.
 */
class HeadersLabelsTest {
    @Test
    void theDocumentationsCorsAndSecurityLabelsAreWrittenAsTraefikKeys() {
        Declaration declaration = declared(discover(TestContainer.published("api", 8081)
                .label("traefik.http.routers.api.rule", "Host(`api.example.com`)")
                .label("traefik.http.routers.api.middlewares", "testheader")
                .label("traefik.http.middlewares.testheader.headers.accesscontrolallowmethods", "GET,OPTIONS,PUT")
                .label("traefik.http.middlewares.testheader.headers.accesscontrolallowheaders", "*")
                .label("traefik.http.middlewares.testheader.headers.accesscontrolalloworiginlist",
                        "https://foo.bar.org,https://example.org")
                .label("traefik.http.middlewares.testheader.headers.accesscontrolmaxage", "100")
                .label("traefik.http.middlewares.testheader.headers.addvaryheader", "true")
                .label("traefik.http.middlewares.testheader.headers.framedeny", "true")
                .label("traefik.http.middlewares.testheader.headers.browserxssfilter", "true")
                .label("traefik.http.middlewares.testheader.headers.sslproxyheaders.X-Forwarded-Proto", "https")));

        EncodedDeclarations encoded = DeclarationEncoder.encode(List.of(declaration),
                BuildSettings.of("node1", Layout.V3, "traefik"), Set.of());

        String prefix = "traefik/http/middlewares/testheader/headers/";
        assertThat(encoded.state().shared()).contains(
                KvPair.of(prefix + "accessControlAllowMethods/0", "GET"),
                KvPair.of(prefix + "accessControlAllowMethods/1", "OPTIONS"),
                KvPair.of(prefix + "accessControlAllowMethods/2", "PUT"),
                KvPair.of(prefix + "accessControlAllowHeaders/0", "*"),
                KvPair.of(prefix + "accessControlAllowOriginList/0", "https://foo.bar.org"),
                KvPair.of(prefix + "accessControlAllowOriginList/1", "https://example.org"),
                KvPair.of(prefix + "accessControlMaxAge", "100"),
                KvPair.of(prefix + "addVaryHeader", "true"),
                KvPair.of(prefix + "frameDeny", "true"),
                KvPair.of(prefix + "browserXssFilter", "true"),
                KvPair.of(prefix + "sslProxyHeaders/X-Forwarded-Proto", "https"));
        assertThat(declaration.warnings()).isEmpty();
    }
}
