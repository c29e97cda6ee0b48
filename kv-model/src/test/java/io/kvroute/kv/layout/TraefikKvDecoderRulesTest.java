package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraefikKvDecoderRulesTest {

    private static DecodedTree decode(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of(keyValues[i], keyValues[i + 1]));
        }
        return TraefikKvDecoder.decode(pairs, "traefik");
    }

    @Test
    void mergesEntityAndFieldNamesIgnoringCaseWithTheFirstSpellingInByteOrder() {
        DecodedTree tree = decode(
                "traefik/http/routers/web/rule", "Host(`a`)",
                "traefik/HTTP/Routers/Web/SERVICE", "app",
                "traefik/http/routers/web/EntryPoints/0", "web");

        assertThat(tree.config()).isEqualTo(Vectors.json(
                "{'http':{'routers':{'Web':{'rule':'Host(`a`)','service':'app','entryPoints':['web']}}}}"));
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void joinsScalarListItemsInByteOrderSoTenComesBeforeTwo() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            keys.add("traefik/http/routers/r/middlewares/" + i);
            keys.add("m" + i);
        }
        DecodedTree tree = decode(keys.toArray(String[]::new));

        assertThat(tree.config().at("/http/routers/r/middlewares")).isEqualTo(Vectors.MAPPER.valueToTree(
                List.of("m0", "m1", "m10", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9")));
    }

    @Test
    void splitsListItemsOnCommasAndTrims() {
        DecodedTree tree = decode(
                "traefik/http/middlewares/m/stripPrefixRegex/regex/0", "/a{1,3}",
                "traefik/http/routers/r/entryPoints", " web , websecure ");

        assertThat(tree.config().at("/http/middlewares/m/stripPrefixRegex/regex"))
                .isEqualTo(Vectors.MAPPER.valueToTree(List.of("/a{1", "3}")));
        assertThat(tree.config().at("/http/routers/r/entryPoints"))
                .isEqualTo(Vectors.MAPPER.valueToTree(List.of("web", "websecure")));
    }

    @ParameterizedTest
    @CsvSource({"'', true", "true, true", "TRUE, true", "false, false", "no, false"})
    void allowEmptyCreatesAnEmptyStructOnlyForEmptyOrTrue(String value, boolean created) {
        DecodedTree tree = decode("traefik/http/routers/r/rule", "x", "traefik/http/routers/r/tls", value);

        assertThat(tree.config().at("/http/routers/r").has("tls")).isEqualTo(created);
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void readsBareIntegerDurationsAsSecondsAndPrintsThemTheGoWay() {
        DecodedTree tree = decode(
                "traefik/http/services/s/loadBalancer/healthCheck/interval", "90",
                "traefik/http/services/s/loadBalancer/healthCheck/timeout", "1.5h",
                "traefik/http/services/s/loadBalancer/responseForwarding/flushInterval", "-1s");

        assertThat(tree.config().at("/http/services/s/loadBalancer")).isEqualTo(Vectors.json(
                "{'healthCheck':{'interval':'1m30s','timeout':'1h30m0s','mode':'http','followRedirects':true},"
                        + "'responseForwarding':{'flushInterval':'-1s'},'passHostHeader':true,'strategy':'wrr'}"));
    }

    @Test
    void anUnknownFieldDropsOnlyItsRouter() {
        DecodedTree tree = decode(
                "traefik/http/routers/good/rule", "Host(`a`)",
                "traefik/http/routers/bad/rule", "Host(`b`)",
                "traefik/http/routers/bad/rulez", "typo");

        assertThat(tree.config().at("/http/routers").fieldNames()).toIterable().containsExactly("good");
        assertThat(tree.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("traefik/http/routers/bad/rulez");
            assertThat(p.value()).isEqualTo("typo");
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.reason()).startsWith("unknown field \"rulez\" in Router (expected one of: entryPoints,");
            assertThat(p.entity()).contains(EntityRef.router("bad"));
        });
    }

    @Test
    void aBadIntegerDropsOnlyItsService() {
        DecodedTree tree = decode(
                "traefik/http/services/a/loadBalancer/servers/0/url", "http://a",
                "traefik/http/services/b/loadBalancer/servers/0/url", "http://b",
                "traefik/http/services/b/loadBalancer/servers/0/weight", "heavy");

        assertThat(tree.config().at("/http/services").fieldNames()).toIterable().containsExactly("a");
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/http/services/b/loadBalancer/servers/0/weight=\"heavy\": weight: \"heavy\" "
                        + "(expected an integer)");
        assertThat(tree.problems().get(0).entity()).contains(EntityRef.service("b"));
    }

    @Test
    void aStandaloneStructDropsItsMiddleware() {
        DecodedTree tree = decode("traefik/http/middlewares/m/headers", "");

        assertThat(tree.config().at("/http/middlewares").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::reason).containsExactly(
                "headers cannot be a standalone element (expected sub-keys headers/<name>)");
    }

    @Test
    void serverIdsMayBeNonNumericAndSparseAndMergeIgnoringCase() {
        DecodedTree tree = decode(
                "traefik/http/services/app/loadBalancer/servers/hostA-1/url", "http://a",
                "traefik/http/services/app/loadBalancer/servers/HOSTA-1/weight", "2",
                "traefik/http/services/app/loadBalancer/servers/99/url", "http://b",
                "traefik/http/services/app/loadBalancer/servers/zz/url", "http://c");

        assertThat(tree.config().at("/http/services/app/loadBalancer/servers")).isEqualTo(Vectors.MAPPER.valueToTree(
                List.of(java.util.Map.of("url", "http://b"), java.util.Map.of("url", "http://a", "weight", 2),
                        java.util.Map.of("url", "http://c"))));
    }

    @Test
    void otherKeysUnderTheRootAreWarningsAndLookalikeSectionsErrors() {
        DecodedTree tree = decode(
                "traefik/backends/b/servers/s/url", "http://v1",
                "traefik/httpx/routers/r/rule", "x",
                "traefik/http/routers/r/rule", "y");

        assertThat(tree.config().at("/http/routers/r/rule").asText()).isEqualTo("y");
        assertThat(tree.problems()).extracting(Problem::severity, Problem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "traefik/backends/b/servers/s/url"),
                org.assertj.core.groups.Tuple.tuple(Severity.ERROR, "traefik/httpx/routers/r/rule"));
        assertThat(tree.problems().get(1).entity()).isEqualTo(Optional.empty());
    }

    @Test
    void aValueOnAKeyWithSubKeysIsIgnoredWithAWarning() {
        DecodedTree tree = decode(
                "traefik/http/services/s/loadBalancer", "marker",
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a");

        assertThat(tree.config().at("/http/services/s/loadBalancer/servers/0/url").asText()).isEqualTo("http://a");
        assertThat(tree.problems()).extracting(Problem::severity).containsExactly(Severity.WARNING);
    }

    @Test
    void aScalarWithSubKeysIsAnError() {
        DecodedTree tree = decode("traefik/http/routers/r/rule/x", "y");

        assertThat(tree.config().at("/http/routers").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::reason)
                .containsExactly("rule takes a single value (a string), not sub-keys");
    }

    @Test
    void typesTcpAndUdpAsTraefikDoes() {
        DecodedTree tree = decode("traefik/tcp/routers/t/entryPoints/0", "db",
                "traefik/tcp/routers/t/tls/passthrough", "true",
                "traefik/tcp/services/s/loadBalancer/servers/0/address", "10.0.0.1:5432",
                "traefik/tcp/services/s/loadBalancer/proxyProtocol", "",
                "traefik/udp/services/u/weighted/services/0/name", "a");

        assertThat(tree.config().get("tcp")).isEqualTo(Vectors.json("{'routers':{'t':{'entryPoints':['db'],"
                + "'tls':{'passthrough':true}}},'services':{'s':{'loadBalancer':{'servers':[{'address':"
                + "'10.0.0.1:5432'}],'proxyProtocol':{'version':2}}}}}"));
        assertThat(tree.config().get("udp")).isEqualTo(Vectors.json(
                "{'services':{'u':{'weighted':{'services':[{'name':'a','weight':1}]}}}}"));
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void aBadTcpKeyDropsOnlyItsOwnRouter() {
        DecodedTree tree = decode("traefik/tcp/routers/good/rule", "HostSNI(`*`)",
                "traefik/tcp/routers/bad/priority", "high",
                "traefik/udp/routers/u/entryPoint", "dns");

        assertThat(tree.config().at("/tcp/routers").properties()).extracting(Map.Entry::getKey)
                .containsExactly("good");
        assertThat(tree.config().at("/udp/routers").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::isError, p -> p.entity().orElseThrow()).containsExactly(
                tuple(true, EntityRef.tcpRouter("bad")), tuple(true, EntityRef.udpRouter("u")));
    }

    @Test
    void decodesTlsTypedAndDropsOnlyTheTlsEntryWhoseKeysAreBad() {
        DecodedTree tree = decode(
                "traefik/tls/certificates/a/certFile", "/a.crt",
                "traefik/tls/certificates/b/certFile/x", "y",
                "traefik/tls/certificates/c/certFile", "/c.crt",
                "traefik/tls/options/bad/sniStrict", "yes",
                "traefik/tls/options/good/clientAuth/caFiles/0", "/ca.pem",
                "traefik/tls/stores/bad/defaultCertificate", "x",
                "traefik/tls/stores/good/defaultCertificate/certFile", "/d.crt");

        assertThat(tree.config().at("/tls/certificates")).isEqualTo(Vectors.json(
                "{'list':[{'certFile':'/a.crt'},{'certFile':'/c.crt'}]}").get("list"));
        assertThat(tree.config().at("/tls/options").propertyStream().map(e -> e.getKey())).containsExactly("good");
        assertThat(tree.config().at("/tls/options/good/clientAuth")).isEqualTo(Vectors.json("{'caFiles':['/ca.pem']}"));
        assertThat(tree.config().at("/tls/stores/good")).isEqualTo(Vectors.json(
                "{'defaultCertificate':{'certFile':'/d.crt'}}"));
        assertThat(tree.config().at("/tls/stores").has("bad")).isFalse();
        assertThat(tree.problems()).extracting(p -> p.entity().orElseThrow()).containsExactly(
                EntityRef.tlsCertificate("b"), EntityRef.tlsOptions("bad"), EntityRef.tlsStore("bad"));
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/tls/certificates/b/certFile/x=\"y\": certFile takes a single value (a string), not "
                        + "sub-keys",
                "error traefik/tls/options/bad/sniStrict=\"yes\": sniStrict: \"yes\" (expected a boolean: true or "
                        + "false)",
                "error traefik/tls/stores/bad/defaultCertificate=\"x\": defaultCertificate cannot be a standalone "
                        + "element (expected sub-keys defaultCertificate/<name>)");
    }

    @Test
    void appliesDecodeTimeDefaultsWhereTraefikAllocatesStructs() {
        DecodedTree tree = decode(
                "traefik/http/services/w/weighted/services/0/name", "a",
                "traefik/http/services/m/mirroring/service", "a",
                "traefik/http/middlewares/rl/rateLimit/average", "10",
                "traefik/http/middlewares/c/compress", "true",
                "traefik/http/services/s/loadBalancer/sticky/cookie", "");

        assertThat(tree.config()).isEqualTo(Vectors.json("{'http':{"
                + "'services':{'w':{'weighted':{'services':[{'name':'a','weight':1}]}},"
                + "'m':{'mirroring':{'service':'a','mirrorBody':true,'maxBodySize':-1}},"
                + "'s':{'loadBalancer':{'sticky':{'cookie':{'path':'/'}},'strategy':'wrr','passHostHeader':true,"
                + "'responseForwarding':{'flushInterval':'100ms'}}}},"
                + "'middlewares':{'rl':{'rateLimit':{'average':10,'burst':1,'period':'1s'}},"
                + "'c':{'compress':{'encodings':['gzip','br','zstd']}}}}}"));
    }

    @Test
    void goBooleansAreAccepted() {
        DecodedTree tree = decode(
                "traefik/http/services/s/loadBalancer/passHostHeader", "F",
                "traefik/http/services/s/loadBalancer/sticky/cookie/secure", "1");

        assertThat(tree.config().at("/http/services/s/loadBalancer/passHostHeader").asBoolean()).isFalse();
        assertThat(tree.config().at("/http/services/s/loadBalancer/sticky/cookie/secure").asBoolean()).isTrue();
    }
}
