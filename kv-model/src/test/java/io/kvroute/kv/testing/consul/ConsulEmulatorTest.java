package io.kvroute.kv.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator answers as Consul's HTTP API documentation says, checked with a plain HTTP client. */
class ConsulEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "emulator-token";

    private final HttpClient http = HttpClient.newHttpClient();
    private ConsulEmulator consul;

    @BeforeEach
    void start() {
        consul = ConsulEmulator.builder().aclToken(TOKEN).start();
    }

    @AfterEach
    void stop() {
        consul.close();
    }

    @Test
    void aKeyIsStoredAndReadBackAsBase64WithItsModifyIndex() throws Exception {
        assertThat(send("PUT", "/v1/kv/lb%2Fweb%2Fa+b", "http://10.0.0.1").body()).isEqualTo("true");

        HttpResponse<String> read = send("GET", "/v1/kv/lb/web/a+b", null);
        JsonNode entry = JSON.readTree(read.body()).get(0);
        HttpResponse<String> raw = send("GET", "/v1/kv/lb/web/a+b?raw", null);

        assertThat(entry.get("Key").asText()).isEqualTo("lb/web/a+b");
        assertThat(new String(Base64.getDecoder().decode(entry.get("Value").asText()))).isEqualTo("http://10.0.0.1");
        assertThat(read.headers().firstValue("X-Consul-Index")).contains(entry.get("ModifyIndex").asText());
        assertThat(raw.body()).isEqualTo("http://10.0.0.1");
    }

    @Test
    void anEmptyPrefixIs404WithTheTablesIndex() throws Exception {
        send("PUT", "/v1/kv/elsewhere", "x");

        HttpResponse<String> read = send("GET", "/v1/kv/nothing/?recurse", null);

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.headers().firstValue("X-Consul-Index")).contains(Long.toString(consul.raftIndex()));
    }

    @Test
    void aBlockingQueryWithoutChangeAnswersTheSameIndexWhenItsWaitEnds() throws Exception {
        send("PUT", "/v1/kv/b/a", "1");
        String index = send("GET", "/v1/kv/b/?recurse", null).headers().firstValue("X-Consul-Index").orElseThrow();
        send("PUT", "/v1/kv/elsewhere", "moves the table index");

        HttpResponse<String> blocked = send("GET", "/v1/kv/b/?recurse&index=" + index + "&wait=1s", null);

        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(blocked.headers().firstValue("X-Consul-Index")).contains(index);
    }

    @Test
    void aKeyHeldByOneSessionCannotBeAcquiredByAnother() throws Exception {
        String first = session("{\"TTL\":\"10s\",\"Behavior\":\"delete\",\"LockDelay\":\"0s\"}");
        String second = session("{\"TTL\":\"10s\"}");

        assertThat(send("PUT", "/v1/kv/lock?acquire=" + first, "1").body()).isEqualTo("true");
        assertThat(send("PUT", "/v1/kv/lock?acquire=" + second, "2").body()).isEqualTo("false");
        assertThat(consul.lockHolder("lock")).contains(first);
        assertThat(send("PUT", "/v1/session/destroy/" + first, "").body()).isEqualTo("true");
        assertThat(send("GET", "/v1/kv/lock", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailedTransactionIs409WithItsErrorsAndAppliesNothing() throws Exception {
        String body = "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/a\",\"Value\":\"MQ==\"}},"
                + "{\"KV\":{\"Verb\":\"lock\",\"Key\":\"t/b\",\"Value\":\"Mg==\",\"Session\":\"no-such-session\"}}]";

        HttpResponse<String> answer = send("PUT", "/v1/txn", body);

        assertThat(answer.statusCode()).isEqualTo(409);
        JsonNode error = JSON.readTree(answer.body()).get("Errors").get(0);
        assertThat(error.get("OpIndex").asInt()).isEqualTo(1);
        assertThat(error.get("What").asText()).isEqualTo("invalid session \"no-such-session\"");
        assertThat(send("GET", "/v1/kv/t/?recurse", null).statusCode()).isEqualTo(404);
    }

    @Test
    void sessionsFollowTheAgentsTtlBoundsAndUnknownOnesAreNotFound() throws Exception {
        HttpResponse<String> tooShort = send("PUT", "/v1/session/create", "{\"TTL\":\"5s\"}");
        HttpResponse<String> renewUnknown = send("PUT", "/v1/session/renew/unknown", "");

        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).startsWith("Invalid Session TTL");
        assertThat(renewUnknown.statusCode()).isEqualTo(404);
        assertThat(renewUnknown.body()).isEqualTo("Session id 'unknown' not found");
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/v1/kv/x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).isEqualTo("Permission denied: anonymous token lacks permission");
    }

    private String session(String body) throws IOException, InterruptedException {
        return JSON.readTree(send("PUT", "/v1/session/create", body).body()).get("ID").asText();
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("X-Consul-Token", TOKEN)
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + consul.endpoint() + path);
    }
}
