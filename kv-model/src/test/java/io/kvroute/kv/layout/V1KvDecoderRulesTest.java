package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class V1KvDecoderRulesTest {

    private static List<KvPair> pairs(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of(keyValues[i], keyValues[i + 1]));
        }
        return pairs;
    }

    @Test
    void readsListsFromTheCommaValueOrFromChildrenSortedAsStrings() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/backends/b/servers/s/url", "http://a",
                "traefik/frontends/comma/backend", "b",
                "traefik/frontends/comma/entrypoints", " http, https ,",
                "traefik/frontends/children/backend", "b",
                "traefik/frontends/children/entrypoints/2", "two",
                "traefik/frontends/children/entrypoints/10", "ten",
                "traefik/frontends/children/entrypoints/1", "one"), "traefik");

        assertThat(tree.config().at("/frontends/comma/entryPoints"))
                .isEqualTo(Vectors.MAPPER.valueToTree(List.of("http", "https")));
        assertThat(tree.config().at("/frontends/children/entryPoints"))
                .isEqualTo(Vectors.MAPPER.valueToTree(List.of("one", "ten", "two")));
    }

    @Test
    void dropsFrontendsWhoseBackendDoesNotExist() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/backends/b/servers/s/url", "http://a",
                "traefik/frontends/ok/backend", "b",
                "traefik/frontends/orphan/backend", "missing"), "traefik");

        assertThat(tree.config().get("frontends").fieldNames()).toIterable().containsExactly("ok");
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/frontends/orphan/backend=\"missing\": backend \"missing\" does not exist: "
                        + "Traefik 1.7 deletes this frontend");
        assertThat(tree.problems().get(0).entity()).contains(EntityRef.router("orphan"));
    }

    @Test
    void aBadIntegerDropsOnlyItsBackend() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/backends/good/servers/s/url", "http://a",
                "traefik/backends/bad/servers/s/url", "http://b",
                "traefik/backends/bad/servers/s/weight", "x"), "traefik");

        assertThat(tree.config().get("backends").fieldNames()).toIterable().containsExactly("good");
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/backends/bad/servers/s/weight=\"x\": weight: \"x\" (expected an integer)");
    }

    @Test
    void followsTheAliasKey() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/alias", "/other/",
                "traefik/backends/ignored/servers/s/url", "http://old",
                "/other/backends/b/servers/s/url", "http://new"), "traefik");

        assertThat(tree.config().get("backends").fieldNames()).toIterable().containsExactly("b");
        assertThat(tree.problems()).extracting(Problem::reason)
                .containsExactly("alias: backends and frontends are read under /other");
    }

    @Test
    void readsTheDeprecatedPassHostHeaderSpellingOnlyWhenTheCurrentOneIsAbsent() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/backends/b/servers/s/url", "http://a",
                "traefik/frontends/old/backend", "b",
                "traefik/frontends/old/passHostHeader", "false",
                "traefik/frontends/both/backend", "b",
                "traefik/frontends/both/passHostHeader", "false",
                "traefik/frontends/both/passhostheader", "true"), "traefik");

        assertThat(tree.config().at("/frontends/old/passHostHeader").asBoolean()).isFalse();
        assertThat(tree.config().at("/frontends/both/passHostHeader").asBoolean()).isTrue();
    }

    @Test
    void decodesEveryBackendSection() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "/traefik/backends/b/servers/s/url", "http://a",
                "/traefik/backends/b/servers/s/tags", "blue",
                "/traefik/backends/b/loadbalancer/stickiness", "true",
                "/traefik/backends/b/loadbalancer/stickiness/cookiename", "c",
                "/traefik/backends/b/maxconn/amount", "10",
                "/traefik/backends/b/healthcheck/path", "/health",
                "/traefik/backends/b/healthcheck/headers/x-custom", "1",
                "/traefik/backends/b/buffering/retryexpression", "IsNetworkError()",
                "/traefik/backends/b/responseforwarding/flushinterval", "10ms"), "/traefik");

        assertThat(tree.config().at("/backends/b")).isEqualTo(Vectors.json("{"
                + "'servers':{'s':{'url':'http://a','weight':1}},"
                + "'loadBalancer':{'method':'wrr','stickiness':{'cookieName':'c'}},"
                + "'maxConn':{'amount':10,'extractorFunc':'request.host'},"
                + "'healthCheck':{'path':'/health','interval':'30s','headers':{'X-Custom':'1'}},"
                + "'buffering':{'retryExpression':'IsNetworkError()'},"
                + "'forwardingResponse':{'flushInterval':'10ms'}}"));
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void decodesFrontendAuthRedirectRateLimitAndHeaders() {
        DecodedTree tree = V1KvDecoder.decode(pairs(
                "traefik/backends/b/servers/s/url", "http://a",
                "traefik/frontends/f/backend", "b",
                "traefik/frontends/f/auth/forward/address", "http://auth",
                "traefik/frontends/f/auth/forward/.authresponseheaders", "X-User",
                "traefik/frontends/f/redirect/entrypoint", "https",
                "traefik/frontends/f/redirect/regex", "^x",
                "traefik/frontends/f/ratelimit/extractorfunc", "client.ip",
                "traefik/frontends/f/ratelimit/rateset/r1/period", "10",
                "traefik/frontends/f/ratelimit/rateset/r1/average", "5",
                "traefik/frontends/f/headers/sslredirect", "true",
                "traefik/frontends/f/whitelist/sourcerange", "10.0.0.0/8",
                "traefik/frontends/f/errors/e/status", "500,502",
                "traefik/frontends/f/unknownkey", "x"), "traefik");

        assertThat(tree.config().at("/frontends/f")).isEqualTo(Vectors.json("{'backend':'b','priority':0,"
                + "'passHostHeader':true,'entryPoints':[],"
                + "'auth':{'forward':{'address':'http://auth','authResponseHeaders':['X-User']}},"
                + "'redirect':{'entryPoint':'https'},"
                + "'ratelimit':{'extractorFunc':'client.ip','rateset':{'r1':{'period':'10s','average':5}}},"
                + "'headers':{'sslRedirect':true},"
                + "'whiteList':{'sourceRange':['10.0.0.0/8']},"
                + "'errors':{'e':{'status':['500','502']}}}"));
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "warning traefik/frontends/f/unknownkey=\"x\": unknown key \"unknownkey\": ignored by Traefik 1.7");
    }

    @Test
    void roundTripsAFullFrontendThroughTheEncoder() {
        List<KvPair> pairs = pairs(
                "traefik/backends/b/servers/s/url", "http://a",
                "traefik/frontends/f/backend", "b",
                "traefik/frontends/f/basicauth", "u:p",
                "traefik/frontends/f/passtlsclientcert/infos/subject/commonname", "true",
                "traefik/frontends/f/headers/customrequestheaders/x-a", "1",
                "traefik/frontends/f/routes/r/rule", "Host:a");
        DecodedTree decoded = V1KvDecoder.decode(pairs, "traefik");

        EncodedPairs encoded = V1KvEncoder.encode(decoded.config(), "traefik");

        assertThat(encoded.problems()).isEmpty();
        assertThat(V1KvDecoder.decode(encoded.pairs(), "traefik").config()).isEqualTo(decoded.config());
        assertThat(decoded.config().at("/frontends/f/auth/basic/users/0").asText()).isEqualTo("u:p");
    }
}
