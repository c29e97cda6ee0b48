package io.kvroute.proxy.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.Range;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.RuntimeExtensions;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real requests through a real proxy on etcd, each with an access log file of its own settings: the lines parse as
 * Traefik's common format and as its JSON format field by field, and the field, header and filter settings change
 * them as Traefik's flags do.
 */
class AccessLogIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    /** Traefik's common format: CLF, then request count, "router", "service URL" and the duration in ms. */
    private static final Pattern COMMON = Pattern.compile("(\\S+) - (\\S+) \\[([^]]+)] \"(\\S+) (\\S+) (\\S+)\" "
            + "(\\d+) (\\d+|-) (\"(?:[^\"\\\\]|\\\\.)*\"|-) (\"(?:[^\"\\\\]|\\\\.)*\"|-) (\\d+|-) "
            + "(\"[^\"]*\"|-) (\"[^\"]*\"|-) (\\d+)ms");
    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static KvStore kv;
    private static Backend whoami;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        whoami = Backend.start("whoami");
        kv = KvStores.open(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").deletePrefix("/traefik/").build());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/whoami/rule", "Host(`whoami.test`)")
                .put("traefik/http/routers/whoami/service", "whoami")
                .put("traefik/http/routers/whoami/middlewares/0", "strip")
                .put("traefik/http/middlewares/strip/stripPrefix/prefixes/0", "/api")
                .put("traefik/http/services/whoami/loadBalancer/servers/0/url", whoami.url())
                .build());
    }

    @AfterAll
    static void close() {
        kv.close();
        whoami.close();
    }

    @Test
    void commonLinesAreTraefiksFieldByField() {
        Path file = dir.resolve("logs/access.log");
        List<String> lines = traffic(settings(AccessLogFormat.COMMON, file, AccessLogFields.DEFAULT,
                AccessLogFilters.NONE), file, 2);

        Matcher routed = common(lines.get(0));
        assertThat(routed.group(1)).as("ClientHost").isEqualTo("127.0.0.1");
        assertThat(routed.group(2)).as("ClientUsername").isEqualTo("-");
        assertThat(ZonedDateTime.parse(routed.group(3), CLF_TIME).getOffset().getTotalSeconds()).as("UTC").isZero();
        assertThat(ZonedDateTime.parse(routed.group(3), CLF_TIME).toInstant())
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(routed.group(4)).as("RequestMethod").isEqualTo("GET");
        assertThat(routed.group(5)).as("RequestPath, as the client sent it").isEqualTo("/api/hello?x=1");
        assertThat(routed.group(6)).as("RequestProtocol").isEqualTo("HTTP/1.1");
        assertThat(routed.group(7)).as("DownstreamStatus").isEqualTo("200");
        assertThat(routed.group(8)).as("DownstreamContentSize").isEqualTo("6");
        assertThat(routed.group(9)).as("Referer, a header dropped by default").isEqualTo("\"-\"");
        assertThat(routed.group(10)).as("User-Agent, a header dropped by default").isEqualTo("\"-\"");
        assertThat(routed.group(12)).as("RouterName").isEqualTo("\"whoami@etcd\"");
        assertThat(routed.group(13)).as("ServiceURL").isEqualTo("\"" + whoami.url() + "\"");
        assertThat(Long.parseLong(routed.group(14))).as("Duration ms").isBetween(0L, 10_000L);

        Matcher unrouted = common(lines.get(1));
        assertThat(unrouted.group(5)).isEqualTo("/nowhere");
        assertThat(unrouted.group(7)).isEqualTo("404");
        assertThat(unrouted.group(12)).as("no router").isEqualTo("\"-\"");
        assertThat(unrouted.group(13)).as("no service").isEqualTo("\"-\"");
        assertThat(Long.parseLong(unrouted.group(11))).as("RequestCount goes up")
                .isEqualTo(Long.parseLong(routed.group(11)) + 1);
    }

    @Test
    void jsonLinesCarryTraefiksFieldNames() throws IOException {
        Path file = dir.resolve("access.json");
        List<String> lines = traffic(settings(AccessLogFormat.JSON, file, AccessLogFields.DEFAULT,
                AccessLogFilters.NONE), file, 2);

        JsonNode routed = JSON.readTree(lines.get(0));
        assertThat(routed.path("ClientAddr").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(routed.path("ClientHost").asText()).isEqualTo("127.0.0.1");
        assertThat(routed.path("ClientAddr").asText()).endsWith(":" + routed.path("ClientPort").asText());
        assertThat(routed.path("ClientUsername").asText()).isEqualTo("-");
        assertThat(routed.path("RequestMethod").asText()).isEqualTo("GET");
        assertThat(routed.path("RequestPath").asText()).isEqualTo("/api/hello?x=1");
        assertThat(routed.path("RequestProtocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(routed.path("RequestScheme").asText()).isEqualTo("http");
        assertThat(routed.path("RequestAddr").asText()).isEqualTo("whoami.test:8080");
        assertThat(routed.path("RequestHost").asText()).isEqualTo("whoami.test");
        assertThat(routed.path("RequestPort").asText()).isEqualTo("8080");
        assertThat(routed.path("RequestContentSize").asLong()).isZero();
        assertThat(routed.path("DownstreamStatus").asInt()).isEqualTo(200);
        assertThat(routed.path("DownstreamContentSize").asLong()).isEqualTo(6);
        assertThat(routed.path("OriginStatus").asInt()).isEqualTo(200);
        assertThat(routed.path("OriginContentSize").asLong()).isEqualTo(6);
        assertThat(routed.path("RouterName").asText()).isEqualTo("whoami@etcd");
        assertThat(routed.path("ServiceName").asText()).isEqualTo("whoami@etcd");
        assertThat(routed.path("ServiceURL").asText()).isEqualTo(whoami.url());
        assertThat(routed.path("ServiceAddr").asText()).isEqualTo(URI.create(whoami.url()).getAuthority());
        assertThat(routed.path("entryPointName").asText()).isEqualTo("web");
        assertThat(routed.path("RetryAttempts").asInt()).isZero();
        assertThat(routed.path("RequestCount").asLong()).isPositive();
        long duration = routed.path("Duration").asLong();
        assertThat(duration).as("nanoseconds").isPositive()
                .isGreaterThanOrEqualTo(routed.path("OriginDuration").asLong());
        assertThat(routed.path("Overhead").asLong()).isEqualTo(duration - routed.path("OriginDuration").asLong());
        assertThat(OffsetDateTime.parse(routed.path("StartUTC").asText()).getOffset().getTotalSeconds()).isZero();
        assertThat(OffsetDateTime.parse(routed.path("StartLocal").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse(routed.path("StartUTC").asText()).toInstant());
        assertThat(routed.path("level").asText()).isEqualTo("info");
        assertThat(routed.path("msg").asText()).isEmpty();
        assertThat(OffsetDateTime.parse(routed.path("time").asText())).isNotNull();
        assertThat(routed.has("TLSVersion")).as("no TLS").isFalse();
        assertThat(routed.has("request_User-Agent")).as("headers dropped by default").isFalse();

        JsonNode unrouted = JSON.readTree(lines.get(1));
        assertThat(unrouted.path("DownstreamStatus").asInt()).isEqualTo(404);
        assertThat(unrouted.path("OriginStatus").asInt()).as("no server answered").isZero();
        assertThat(unrouted.path("OriginDuration").asLong()).isZero();
        assertThat(unrouted.has("RouterName")).isFalse();
        assertThat(unrouted.has("ServiceName")).isFalse();
        assertThat(unrouted.has("ServiceURL")).isFalse();
    }

    @Test
    void fieldAndHeaderModesDropKeepAndRedactAsTraefiksFlags() throws IOException {
        Path file = dir.resolve("fields.json");
        AccessLogFields fields = new AccessLogFields(FieldMode.DROP, Map.of("requestpath", FieldMode.KEEP,
                "DownstreamStatus", FieldMode.KEEP), FieldMode.KEEP, Map.of("authorization", FieldMode.REDACT,
                "X-Secret", FieldMode.DROP));
        List<String> lines = traffic(settings(AccessLogFormat.JSON, file, fields, AccessLogFilters.NONE), file, 2);

        JsonNode routed = JSON.readTree(lines.get(0));
        assertThat(routed.path("RequestPath").asText()).isEqualTo("/api/hello?x=1");
        assertThat(routed.path("DownstreamStatus").asInt()).isEqualTo(200);
        assertThat(routed.has("ClientHost")).as("dropped by the default mode").isFalse();
        assertThat(routed.has("RouterName")).isFalse();
        assertThat(routed.has("StartUTC")).isFalse();
        assertThat(routed.path("request_Authorization").asText()).isEqualTo("REDACTED");
        assertThat(routed.path("request_User-Agent").asText()).isEqualTo("kvroute-test");
        assertThat(routed.has("request_X-Secret")).isFalse();
        assertThat(routed.path("downstream_Content-Length").asText()).isEqualTo("6");
        assertThat(lines.get(0)).doesNotContain("Basic dXNlcjpwYXNz").doesNotContain("hush");

        Path common = dir.resolve("fields.log");
        List<String> commonLines = traffic(settings(AccessLogFormat.COMMON, common, new AccessLogFields(
                FieldMode.KEEP, Map.of("ClientHost", FieldMode.DROP), FieldMode.DROP,
                Map.of("User-Agent", FieldMode.KEEP)), AccessLogFilters.NONE), common, 2);
        Matcher line = common(commonLines.get(0));
        assertThat(line.group(1)).as("a dropped field shows as -").isEqualTo("-");
        assertThat(line.group(10)).as("a kept header").isEqualTo("\"kvroute-test\"");
        assertThat(line.group(9)).isEqualTo("\"-\"");
    }

    @Test
    void filtersKeepOnlyTheRequestsTheyName() {
        Path file = dir.resolve("filtered.log");
        List<String> lines = traffic(settings(AccessLogFormat.COMMON, file, AccessLogFields.DEFAULT,
                new AccessLogFilters(List.of(Range.closed(400, 499)), false, Duration.ZERO)), file, 1);
        assertThat(lines).hasSize(1);
        assertThat(common(lines.get(0)).group(7)).isEqualTo("404");
    }

    @Test
    void genericClfEndsAfterTheUserAgent() {
        Path file = dir.resolve("generic.log");
        List<String> lines = traffic(settings(AccessLogFormat.GENERIC_CLF, file, AccessLogFields.DEFAULT,
                AccessLogFilters.NONE), file, 2);
        assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /api/hello\\?x=1 HTTP/1\\.1\" 200 6 "
                + "\"-\" \"-\"");
    }

    private static AccessLogSettings settings(AccessLogFormat format, Path file, AccessLogFields fields,
            AccessLogFilters filters) {
        return new AccessLogSettings(format, Optional.of(file), fields, filters, 0);
    }

    /**
     * Starts a proxy with {@code settings}, sends a routed GET (stripped of {@code /api} on its way) and a GET no
     * router matches, stops the proxy and returns the file's lines once it has {@code expected} of them.
     */
    private static List<String> traffic(AccessLogSettings settings, Path file, int expected) {
        ProxyRuntime runtime = ProxyRuntime.start(kv, RunningProxy.settings(), new SimpleMeterRegistry(),
                RuntimeExtensions.NONE, Optional.of(settings));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().routing().routeOf("whoami")
                    .isPresent());
            int port = runtime.address(RunningProxy.ENTRY_POINT).getPort();
            HttpResponse<String> routed = send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/hello?x=1"))
                    .header("Host", "whoami.test:8080").header("User-Agent", "kvroute-test")
                    .header("Authorization", "Basic dXNlcjpwYXNz").header("X-Secret", "hush").build());
            assertThat(routed.statusCode()).isEqualTo(200);
            assertThat(whoami.received()).last().extracting(Backend.Received::uri).isEqualTo("/hello?x=1");
            assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nowhere"))
                    .header("Host", "nowhere.test").build()).statusCode()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file)
                    && Files.readAllLines(file).size() >= expected);
        } finally {
            runtime.close();
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Matcher common(String line) {
        Matcher matcher = COMMON.matcher(line);
        assertThat(matcher.matches()).as("Traefik's common format: %s", line).isTrue();
        return matcher;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
