package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TraefikVectors;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.ServedApi;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's API shapes through a real etcd and ProxyRuntime: the rawdata vector's keys are written to etcd and
 * {@code /api/rawdata} is compared with Traefik's answer field by field. kvroute differs on purpose in one place,
 * asserted exactly below: it has no observability settings. Every service of the vector is served, its mirroring
 * service too.
 */
class TraefikApiShapeIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServedApi api;

    @BeforeAll
    static void start() {
        EtcdKvStore kv = new EtcdKvStore(etcd.settings());
        KvTransaction.Builder writes = KvTransaction.builder();
        for (KvPair pair : TraefikVectors.pairs(TraefikVectors.RAWDATA)) {
            writes.put(pair.key(), pair.value());
        }
        kv.commit(writes.build());
        api = ServedApi.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void rawdataMatchesTraefikFieldByFieldExceptTheDocumentedDifferences() throws Exception {
        ObjectNode expected = ((ObjectNode) TraefikVectors.load(TraefikVectors.RAWDATA).get("expected")).deepCopy();
        for (String router : new String[] {"Router0@etcd", "Router1@etcd"}) {
            ((ObjectNode) expected.get("routers").get(router)).remove("observability");
        }
        // Both routers have tls on the plain entry point web: served on its TLS connections, as in Traefik.
        // The vector leaves out Traefik's @internal entities; of them kvroute has noop@internal, which Traefik v3's
        // internal provider always adds, as Traefik's own rawdata-etcd.json has it (unused: no usedBy).
        ((ObjectNode) expected.get("services")).putObject("noop@internal").put("status", "enabled");

        JsonNode actual = api.get("/api/rawdata");

        for (String section : new String[] {"routers", "middlewares", "services"}) {
            assertThat(fieldNames(actual.get(section))).as(section).isEqualTo(fieldNames(expected.get(section)));
            expected.get(section).properties().forEach(entity -> {
                JsonNode got = actual.get(section).get(entity.getKey());
                assertThat(fieldNames(got)).as(entity.getKey()).isEqualTo(fieldNames(entity.getValue()));
                entity.getValue().properties().forEach(field -> assertThat(got.get(field.getKey()))
                        .as(entity.getKey() + "." + field.getKey()).isEqualTo(field.getValue()));
            });
        }
    }

    @Test
    void listsAreArraysWithNameProviderAndTypeAndPageHeader() throws Exception {
        HttpResponse<String> response = api.send("/api/http/services?search=srvc&per_page=1");
        ArrayNode services = (ArrayNode) JSON.readTree(response.body());
        assertThat(services).hasSize(1);
        assertThat(services.get(0).get("name").asText()).isEqualTo("srvcA@etcd");
        assertThat(services.get(0).get("provider").asText()).isEqualTo("etcd");
        assertThat(services.get(0).get("type").asText()).isEqualTo("loadbalancer");
        assertThat(response.headers().firstValue("X-Next-Page")).contains("2");

        ArrayNode routers = (ArrayNode) api.get("/api/http/routers?middlewareName=striper@etcd");
        assertThat(routers).extracting(r -> r.get("name").asText()).containsExactly("Router0@etcd");
        assertThat(routers.get(0).get("priorityStr").asText()).isEqualTo("42");
        ArrayNode disabled = (ArrayNode) api.get("/api/http/services?status=disabled");
        assertThat(disabled).as("every service of the vector is served, the mirroring one too").isEmpty();
        ArrayNode enabled = (ArrayNode) api.get("/api/http/services?status=enabled&search=mirror");
        assertThat(enabled).extracting(s -> s.get("name").asText()).containsExactly("mirror@etcd");
        ArrayNode middlewares = (ArrayNode) api.get("/api/http/middlewares");
        assertThat(middlewares).extracting(m -> m.get("type").asText()).containsExactly("compress", "stripprefix");
    }

    @Test
    void singleEntitiesByQualifiedNameAndTraefiksNotFoundShape() throws Exception {
        JsonNode service = api.get("/api/http/services/simplesvc@etcd");
        assertThat(service.get("usedBy").toString()).isEqualTo("[\"Router0@etcd\",\"Router1@etcd\"]");
        assertThat(api.get("/api/http/routers/Router1@etcd").get("using").toString()).isEqualTo("[\"web\"]");

        HttpResponse<String> missing = api.send("/api/http/routers/Router1@consul");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"router not found\"}");
        assertThat(api.send("/api/http/middlewares/nothing@etcd").body())
                .isEqualTo("{\"message\":\"middleware not found\"}");
    }

    @Test
    void overviewAndVersionAndNoV1ProvidersForAV3Configuration() throws Exception {
        JsonNode overview = api.get("/api/overview");
        assertThat(overview.get("http").toString()).isEqualTo("{\"routers\":{\"total\":2,\"warnings\":0,\"errors\":0},"
                + "\"services\":{\"total\":6,\"warnings\":0,\"errors\":0},"
                + "\"middlewares\":{\"total\":2,\"warnings\":0,\"errors\":0}}");
        assertThat(overview.get("providers").toString()).isEqualTo("[\"etcd\"]");
        assertThat(api.get("/api/http/services/noop@internal").toString())
                .isEqualTo("{\"status\":\"enabled\",\"name\":\"noop@internal\",\"provider\":\"internal\"}");
        assertThat(api.get("/api/version").get("Codename").asText()).isEqualTo("kvroute");
        assertThat(api.status("/api/providers")).as("Traefik v2/v3 have no /api/providers").isEqualTo(404);
    }

    @Test
    void whatMiddlewaresCountedIsInTheirApiEntryOnTheDashboardWithTheirOptionsAndAtMetrics() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.runtime().middlewareEvents().counter("striper", "rejected").increment();
        }

        assertThat(api.get("/api/http/middlewares/striper@etcd").get("counters").toString())
                .isEqualTo("{\"rejected\":3}");
        assertThat(api.get("/api/http/middlewares/compressor@etcd").get("counters").toString())
                .as("compress counts what it compressed, nothing yet").isEqualTo("{\"compressed\":0}");
        JsonNode striper = null;
        for (JsonNode middleware : api.get("/api/kvroute/state").get("middlewares")) {
            if (middleware.get("name").asText().equals("striper@etcd")) {
                striper = middleware;
            }
        }
        assertThat(striper).isNotNull();
        assertThat(striper.get("counters").toString()).isEqualTo("{\"rejected\":3}");
        assertThat(striper.get("options").path("stripPrefix").path("prefixes").toString())
                .isEqualTo("[\"foo\",\"bar\"]");
        assertThat(api.send("/metrics").body())
                .contains("kvroute_middleware_events_total{event=\"rejected\",middleware=\"striper\"} 3.0");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
