package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.testing.TraefikVectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KvDecodeCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> configurationVectors() {
        return TraefikVectors.configurationVectors();
    }

    @ParameterizedTest
    @MethodSource("configurationVectors")
    void reproducesEveryTraefikVector(String name) throws IOException {
        CliRun run = CliRun.of(new KvCommand(), "decode", TraefikVectors.file(name).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode output = MAPPER.readTree(run.out());
        assertThat(output.get("config")).isEqualTo(TraefikVectors.expectedConfiguration(name));
        assertThat(output.get("problems").isArray()).isTrue();
    }

    @Test
    void readsStandardInputAndReportsProblemsWithKeyValueSeverityReason() throws IOException {
        String pairs = """
                {"traefik/http/routers/web/rule": "Host(`a`)", "traefik/http/routers/web/service": "app",
                 "traefik/http/routers/web/priority": "high",
                 "traefik/http/services/app/loadBalancer/servers/s1/url": "foobar"}""";
        CliRun run = CliRun.of(new KvCommand(), new ByteArrayInputStream(pairs.getBytes(StandardCharsets.UTF_8)),
                "decode", "-");

        assertThat(run.exitCode()).isZero();
        JsonNode output = MAPPER.readTree(run.out());
        assertThat(output.at("/config/http/routers").has("web")).isFalse();
        assertThat(output.at("/config/http/services/app/loadBalancer/servers/0/url").asText()).isEqualTo("foobar");
        assertThat(output.get("problems")).anySatisfy(p -> {
            assertThat(p.get("key").asText()).isEqualTo("traefik/http/routers/web/priority");
            assertThat(p.get("value").asText()).isEqualTo("high");
            assertThat(p.get("severity").asText()).isEqualTo("error");
            assertThat(p.get("reason").asText()).isNotBlank();
        });
        assertThat(output.get("problems")).anySatisfy(p ->
                assertThat(p.get("key").asText()).isEqualTo("traefik/http/services/app/loadBalancer/servers/0/url"));
    }

    @Test
    void printsTheTlsSectionInTraefiksNamesWithItsProblems() throws IOException {
        String pairs = """
                {"traefik/tls/options/modern/MINVERSION": "VersionTLS13",
                 "traefik/tls/options/modern/alpnprotocols/0": "h2",
                 "traefik/tls/certificates/web/certfile": "/nonexistent/web.crt",
                 "traefik/tls/certificates/web/keyfile": "/nonexistent/web.key"}""";
        CliRun run = CliRun.of(new KvCommand(), new ByteArrayInputStream(pairs.getBytes(StandardCharsets.UTF_8)),
                "decode", "-");

        assertThat(run.exitCode()).isZero();
        JsonNode output = MAPPER.readTree(run.out());
        assertThat(output.at("/config/tls/options/modern/minVersion").asText()).isEqualTo("VersionTLS13");
        assertThat(output.at("/config/tls/options/modern/alpnProtocols")).containsExactly(TextNode.valueOf("h2"));
        assertThat(output.at("/config/tls/options/modern/cipherSuites")).hasSize(13);
        assertThat(output.at("/config/tls/options/modern/clientAuth").isObject()).isTrue();
        assertThat(output.at("/config/tls/certificates/0/certFile").asText()).isEqualTo("/nonexistent/web.crt");
        assertThat(output.get("problems")).extracting(p -> p.get("key").asText()).containsExactlyInAnyOrder(
                "traefik/tls/certificates/web/certFile", "traefik/tls/certificates/web/keyFile");
        assertThat(output.get("problems")).allSatisfy(p -> assertThat(p.get("reason").asText())
                .contains("exists and the value is not PEM content"));
    }

    @Test
    void unreadableInputIsAUsageErrorOnOneLine(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"a\": ");
        Path array = Files.writeString(dir.resolve("array.json"), "{\"traefik/http/routers/x/rule\": [1]}");

        CliRun truncated = CliRun.of(new KvCommand(), "decode", notJson.toString());
        CliRun wrongValue = CliRun.of(new KvCommand(), "decode", array.toString());
        CliRun missing = CliRun.of(new KvCommand(), "decode", dir.resolve("nope.json").toString());

        assertThat(truncated.exitCode()).isEqualTo(2);
        assertThat(truncated.err()).contains("not JSON").doesNotContain("\tat ");
        assertThat(wrongValue.exitCode()).isEqualTo(2);
        assertThat(wrongValue.err()).contains("traefik/http/routers/x/rule").contains("expected a string value");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void badFlagsNameTheFlagAndWhatWasExpected() {
        CliRun layout = CliRun.of(new KvCommand(), "decode", "--layout", "v9");
        CliRun unknown = CliRun.of(new KvCommand(), "decode", "--prefx", "x");
        CliRun prefix = CliRun.of(new KvCommand(), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                "decode", "--prefix", "/", "-");

        assertThat(layout.exitCode()).isEqualTo(2);
        assertThat(layout.err()).contains("--layout").contains("expected: auto, v1, v2 or v3");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--prefx");
        assertThat(prefix.exitCode()).isEqualTo(2);
        assertThat(prefix.err()).contains("--prefix: \"/\" (expected: a root key such as traefik)");
    }
}
