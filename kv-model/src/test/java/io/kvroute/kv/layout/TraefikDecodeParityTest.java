package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.model.TcpWeighted;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where kvroute's decode once differed from Traefik v3.7's own decoder (paerser v0.2.2 over {@code pkg/config/kv}),
 * each case with the JSON Traefik decodes it to: the differences issue 15 lists, tests per point.
 */
class TraefikDecodeParityTest {

    private static DecodedTree decode(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of(keyValues[i], keyValues[i + 1]));
        }
        return TraefikKvDecoder.decode(pairs, "traefik");
    }

    /** Point 5: Go's EqualFold folds simply: the Turkic dotted I is no i, the long s is an s. */
    @Test
    void matchesNamesWithGoSimpleCaseFolding() {
        DecodedTree tree = decode(
                "traefik/http/routers/dotted/pr\u0130ority", "5",
                "traefik/http/routers/dotted/rule", "Host(`a`)",
                "traefik/http/routers/longs/\u017Fervice", "app",
                "traefik/http/routers/\u0130/rule", "Host(`b`)",
                "traefik/http/routers/i/rule", "Host(`c`)");

        assertThat(tree.config()).isEqualTo(Vectors.json("{'http':{'routers':{'longs':{'service':'app'},"
                + "'\u0130':{'rule':'Host(`b`)'},'i':{'rule':'Host(`c`)'}}}}"));
        assertThat(tree.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(Severity.ERROR);
            assertThat(problem.key()).isEqualTo("traefik/http/routers/dotted/pr\u0130ority");
            assertThat(problem.reason()).startsWith("unknown field \"pr\u0130ority\" in Router");
            assertThat(problem.entity()).contains(EntityRef.router("dotted"));
        });
    }

    /** Point 5, the filter: Traefik compares a key's first bytes, so a lookalike spelled in more bytes is no section. */
    @Test
    void filtersSectionsOnUtf8BytesIgnoringCase() {
        DecodedTree tree = decode(
                "traefik/TLS/stores/s/defaultCertificate/certFile", "/a.crt",
                "traefik/tl\u017F/stores/t/defaultCertificate/certFile", "/b.crt");

        assertThat(tree.config()).isEqualTo(Vectors.json(
                "{'tls':{'stores':{'s':{'defaultCertificate':{'certFile':'/a.crt'}}}}}"));
        assertThat(tree.problems()).extracting(Problem::severity, Problem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING,
                        "traefik/tl\u017F/stores/t/defaultCertificate/certFile"));
    }

    /** Point 4: a root with no key decodes to an empty router map, which Traefik applies (every KV route goes). */
    @Test
    void decodesAnEmptyRootToAnEmptyHttpSection() {
        assertThat(decode().config()).isEqualTo(Vectors.json("{'http':{}}"));
        assertThat(decode().problems()).isEmpty();
        assertThat(LayoutDetector.decodeAll(List.of(), "traefik").dynamic().orElseThrow().config())
                .isEqualTo(Vectors.json("{'http':{}}"));
    }

    /** Point 4: keys under the root that Traefik filters out leave its configuration empty, not an empty router map. */
    @Test
    void decodesARootWithOnlyIgnoredKeysToNothing() {
        assertThat(decode("traefik/other/key", "v").config()).isEqualTo(Vectors.json("{}"));
    }

    /**
     * Point 3: plugin configuration is paerser's raw map: indexed sub-keys make a list, nested keys objects, folded
     * scalar lists stay comma-joined text, and a plugin with no sub-keys is configured with {@code {}}.
     */
    @Test
    void decodesPluginConfigurationAsPaerserRawMaps() {
        DecodedTree tree = decode(
                "traefik/http/middlewares/m/plugin/p/items/0/name", "x",
                "traefik/http/middlewares/m/plugin/p/items/1/name", "y",
                "traefik/http/middlewares/m/plugin/p/items/1/ports/0/", "80",
                "traefik/http/middlewares/m/plugin/p/list/0", "a",
                "traefik/http/middlewares/m/plugin/p/list/1", "b",
                "traefik/http/middlewares/m/plugin/p/conf/depth", "2",
                "traefik/http/middlewares/m/plugin/p/flag", "true",
                "traefik/http/middlewares/m/plugin/q", "");

        assertThat(tree.config().at("/http/middlewares/m/plugin")).isEqualTo(Vectors.json("{"
                + "'p':{'items':[{'name':'x'},{'name':'y','ports':['80']}],'list':'a,b','conf':{'depth':'2'},"
                + "'flag':'true'},"
                + "'q':{}}"));
        assertThat(tree.problems()).isEmpty();
    }

    /** Point 3: as in Traefik, the plugin map itself needs sub-keys (it cannot be a standalone element). */
    @Test
    void refusesAStandalonePluginMap() {
        DecodedTree tree = decode("traefik/http/middlewares/m/plugin", "");

        assertThat(tree.config().at("/http/middlewares").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::reason).containsExactly(
                "plugin cannot be a standalone element (expected sub-keys plugin/<name>/...)");
    }

    /** Point 2: a map entry with sub-keys is flattened with dots (paerser v0.2.2), not cut to its own value. */
    @Test
    void flattensMapEntriesWithSubKeysIntoDottedNames() {
        DecodedTree tree = decode(
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-A/b", "v",
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-B/c/d", "w",
                "traefik/http/middlewares/m/headers/customRequestHeaders/X-C", "plain",
                "traefik/http/middlewares/e/errors/statusRewrites/5xx/range", "503");

        assertThat(tree.config().at("/http/middlewares/m/headers/customRequestHeaders")).isEqualTo(Vectors.json(
                "{'X-A.b':'v','X-B.c.d':'w','X-C':'plain'}"));
        assertThat(tree.config().at("/http/middlewares/e/errors/statusRewrites")).isEqualTo(Vectors.json(
                "{'5xx.range':503}"));
        assertThat(tree.problems()).isEmpty();
    }

    /**
     * Point 1: fields tagged {@code kv:"-"} (set by other providers) are accepted and never read, values unparsed;
     * their entity stays, with a warning per field.
     */
    @Test
    void acceptsFieldsOnlyOtherProvidersSetAndReadsNothingFromThem() {
        DecodedTree tree = decode(
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a",
                "traefik/http/services/s/loadBalancer/servers/0/port", "80",
                "traefik/http/services/s/loadBalancer/servers/0/scheme", "https",
                "traefik/http/services/s/loadBalancer/servers/0/fenced", "not a bool",
                "traefik/http/services/s/loadBalancer/sticky/cookie/expires", "x",
                "traefik/http/middlewares/m/redirectScheme/scheme", "https",
                "traefik/http/middlewares/m/redirectScheme/forcePermanentRedirect", "true",
                "traefik/http/middlewares/n/requestRedirect/statusCode", "301",
                "traefik/http/routers/r/rule", "Host(`a`)",
                "traefik/http/routers/r/deniedEncodedPathCharacters/allowEncodedSlash", "true",
                "traefik/http/routers/r/tls/resolvedOptions", "default");

        assertThat(tree.config()).isEqualTo(Vectors.json("{'http':{"
                + "'routers':{'r':{'rule':'Host(`a`)','tls':{}}},"
                + "'services':{'s':{'loadBalancer':{'servers':[{'url':'http://a'}],'sticky':{'cookie':{'path':'/'}},"
                + "'strategy':'wrr','passHostHeader':true,'responseForwarding':{'flushInterval':'100ms'}}}},"
                + "'middlewares':{'m':{'redirectScheme':{'scheme':'https'}},'n':{}}}}"));
        assertThat(tree.problems()).extracting(Problem::severity).containsOnly(Severity.WARNING).hasSize(8);
        assertThat(tree.problems()).filteredOn(p -> p.key().endsWith("/fenced")).singleElement()
                .extracting(Problem::reason).isEqualTo("ignored by Traefik: Server fenced is set by other providers "
                        + "only, the KV store's is not read");
    }

    /** Point 1: under an ignored field Traefik still checks the keys' shape: a sub-key must name a field. */
    @Test
    void checksTheShapeOfKeysUnderAnIgnoredField() {
        DecodedTree tree = decode("traefik/http/middlewares/m/requestRedirect/bogus", "1",
                "traefik/http/middlewares/k/appRoot/path/deeper", "x");

        assertThat(tree.config().at("/http/middlewares").isEmpty()).isTrue();
        assertThat(tree.problems()).filteredOn(Problem::isError).extracting(Problem::reason).containsExactly(
                "path takes a single value (a string), not sub-keys",
                "unknown field \"bogus\" in RequestRedirect (expected one of: scheme, hostname, port, path, "
                        + "pathPrefix, statusCode)");
    }

    /**
     * Point 1: fields tagged {@code json:"-"} only are read and applied by Traefik but never shown: the entity stays
     * in the decode as Traefik shows it, and an error on the entity keeps it out of kvroute's routing (fail closed).
     */
    @Test
    void keepsEntitiesWithFieldsTraefikAppliesWithoutShowingThemAndErrsOnThem() {
        DecodedTree tree = decode(
                "traefik/http/routers/r/rule", "Host(`a`)",
                "traefik/http/routers/r/defaultRule", "true",
                "traefik/http/routers/quiet/rule", "Host(`b`)",
                "traefik/http/routers/quiet/defaultRule", "false",
                "traefik/http/services/w/weighted/services/0/name", "a",
                "traefik/http/services/w/weighted/services/0/headers/X-Knative", "1",
                "traefik/http/services/w/weighted/services/1/name", "b",
                "traefik/http/services/w/weighted/services/1/status", "404");

        assertThat(tree.config()).isEqualTo(Vectors.json("{'http':{"
                + "'routers':{'r':{'rule':'Host(`a`)'},'quiet':{'rule':'Host(`b`)'}},"
                + "'services':{'w':{'weighted':{'services':[{'name':'a','weight':1},{'name':'b','weight':1}]}}}}}"));
        assertThat(tree.problems()).extracting(Problem::severity, Problem::key, p -> p.entity().orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.ERROR, "traefik/http/routers/r/defaultRule",
                                EntityRef.router("r")),
                        org.assertj.core.groups.Tuple.tuple(Severity.ERROR,
                                "traefik/http/services/w/weighted/services/0/headers/X-Knative",
                                EntityRef.service("w")),
                        org.assertj.core.groups.Tuple.tuple(Severity.ERROR,
                                "traefik/http/services/w/weighted/services/1/status", EntityRef.service("w")));
        assertThat(tree.problems().get(0).reason())
                .isEqualTo("Router defaultRule is applied by Traefik (its JSON does not show it) but not by kvroute");
    }

    /** Point 1: a field Traefik reads without showing it is still parsed: a bad value fails its entity, as in Traefik. */
    @Test
    void parsesFieldsTraefikReadsWithoutShowingThem() {
        DecodedTree tree = decode("traefik/http/routers/r/rule", "Host(`a`)",
                "traefik/http/routers/r/defaultRule", "maybe");

        assertThat(tree.config().at("/http/routers").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/http/routers/r/defaultRule=\"maybe\": defaultRule: \"maybe\" (expected a boolean: "
                        + "true or false)");
    }

    /**
     * Point 1, the deliberate difference: a servers transport is no entity that routing can leave out, so a positive
     * read or write timeout (Traefik applies it, kvroute does not) fails the transport, and the services naming it are
     * not routed; a timeout that changes nothing in Traefik ({@code 0s}) is accepted.
     */
    @Test
    void failsATransportWithTimeoutsTraefikAppliesWithoutShowingThem() {
        DecodedTree tree = decode(
                "traefik/http/serversTransports/slow/forwardingTimeouts/readTimeout", "5s",
                "traefik/http/serversTransports/plain/forwardingTimeouts/writeTimeout", "0s");

        assertThat(tree.config().at("/http/serversTransports")).isEqualTo(Vectors.json("{'plain':"
                + "{'forwardingTimeouts':{'dialTimeout':'30s','idleConnTimeout':'1m30s','pingTimeout':'15s'}}}"));
        assertThat(tree.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/http/serversTransports/slow/forwardingTimeouts/readTimeout=\"5s\": ForwardingTimeouts "
                        + "readTimeout is applied by Traefik (its JSON does not show it) but not by kvroute");
    }

    /**
     * Point 6: priorities and weights are Go {@code int}s, 64-bit on the hosts Traefik runs on: 2^40 and the int64
     * bounds are plain values, kept as JSON numbers and in the model, for HTTP, TCP and UDP alike.
     */
    @Test
    void decodesPrioritiesAndWeightsBeyond32Bits() {
        DecodedTree tree = decode(
                "traefik/http/routers/big/rule", "Host(`a`)",
                "traefik/http/routers/big/service", "w",
                "traefik/http/routers/big/priority", "1099511627776",
                "traefik/http/routers/low/rule", "Host(`b`)",
                "traefik/http/routers/low/service", "s",
                "traefik/http/routers/low/priority", "-9223372036854775808",
                "traefik/http/routers/top/rule", "Host(`c`)",
                "traefik/http/routers/top/service", "s",
                "traefik/http/routers/top/priority", "+9223372036854774807",
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a",
                "traefik/http/services/s/loadBalancer/servers/0/weight", "1099511627776",
                "traefik/http/services/s/loadBalancer/servers/1/url", "http://b",
                "traefik/http/services/s/loadBalancer/servers/1/weight", "0",
                "traefik/http/services/w/weighted/services/0/name", "s",
                "traefik/http/services/w/weighted/services/0/weight", "9223372036854775807",
                "traefik/http/services/w/weighted/services/1/name", "s",
                "traefik/http/services/w/weighted/services/1/weight", "2147483648",
                "traefik/tcp/routers/t/rule", "HostSNI(`*`)",
                "traefik/tcp/routers/t/service", "tw",
                "traefik/tcp/routers/t/priority", "1099511627776",
                "traefik/tcp/services/tw/weighted/services/0/name", "x",
                "traefik/tcp/services/tw/weighted/services/0/weight", "1099511627776",
                "traefik/udp/services/uw/weighted/services/0/name", "x",
                "traefik/udp/services/uw/weighted/services/0/weight", "4294967296");

        assertThat(tree.problems()).isEmpty();
        assertThat(tree.config().at("/http/routers")).isEqualTo(Vectors.json("{"
                + "'big':{'rule':'Host(`a`)','service':'w','priority':1099511627776},"
                + "'low':{'rule':'Host(`b`)','service':'s','priority':-9223372036854775808},"
                + "'top':{'rule':'Host(`c`)','service':'s','priority':9223372036854774807}}"));
        assertThat(tree.config().at("/http/services/s/loadBalancer/servers")).isEqualTo(Vectors.json(
                "{'a':[{'url':'http://a','weight':1099511627776},{'url':'http://b','weight':0}]}").get("a"));
        assertThat(tree.config().at("/http/services/w/weighted/services")).isEqualTo(Vectors.json(
                "{'a':[{'name':'s','weight':9223372036854775807},{'name':'s','weight':2147483648}]}").get("a"));
        assertThat(tree.config().at("/tcp/routers/t/priority").asLong()).isEqualTo(1L << 40);
        assertThat(tree.config().at("/tcp/services/tw/weighted/services/0/weight").asLong()).isEqualTo(1L << 40);
        assertThat(tree.config().at("/udp/services/uw/weighted/services/0/weight").asLong()).isEqualTo(1L << 32);

        MappedConfig mapped = TraefikJsonMapper.fromJson(tree.config());
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.config().routers().values()).extracting(Router::name, Router::effectivePriority)
                .containsExactlyInAnyOrder(tuple("big", 1L << 40), tuple("low", Long.MIN_VALUE),
                        tuple("top", Long.MAX_VALUE - 1000));
        assertThat(((LoadBalancerService) mapped.config().services().get("s")).servers())
                .extracting(Server::effectiveWeight).containsExactly(1L << 40, 0L);
        assertThat(((WeightedService) mapped.config().services().get("w")).services())
                .extracting(ServiceWeight::weight).containsExactly(Long.MAX_VALUE, 1L << 31);
        assertThat(mapped.tcp().routers().get("t").priority()).isEqualTo(1L << 40);
        assertThat(mapped.tcp().services().get("tw")).isEqualTo(
                new TcpWeighted("tw", List.of(new ServiceWeight("x", 1L << 40)), false));
        assertThat(mapped.udp().services().get("uw").weighted().orElseThrow())
                .containsExactly(new ServiceWeight("x", 1L << 32));
        assertThat(TraefikJsonMapper.toJson(mapped.config()).at("/http/routers/big/priority"))
                .isEqualTo(Vectors.json("{'p':1099511627776}").get("p"));
    }

    /**
     * Point 6, the bounds: as {@code strconv.ParseInt(s, 10, 64)}, one past either int64 bound, a hexadecimal, a
     * digit separator or a space is an error of its entity (which Traefik refuses, and kvroute leaves out).
     */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "0x10", "1_000", " 5", "1e3", "5."})
    void refusesWeightsAndPrioritiesGoDoesNotParseAsInt64(String value) {
        DecodedTree tree = decode(
                "traefik/http/routers/r/rule", "Host(`a`)",
                "traefik/http/routers/r/priority", value,
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a",
                "traefik/http/services/s/loadBalancer/servers/0/weight", value);

        assertThat(tree.config().at("/http/routers").isEmpty()).isTrue();
        assertThat(tree.config().at("/http/services").isEmpty()).isTrue();
        assertThat(tree.problems()).extracting(Problem::severity, Problem::key).containsExactly(
                tuple(Severity.ERROR, "traefik/http/routers/r/priority"),
                tuple(Severity.ERROR, "traefik/http/services/s/loadBalancer/servers/0/weight"));
        assertThat(tree.problems()).extracting(Problem::reason).allSatisfy(reason -> assertThat(reason)
                .contains("expected an integer"));
    }

    /**
     * Point 6, the top: Traefik keeps the 1000 highest priorities for its internal routers; above {@code
     * math.MaxInt - 1000} an HTTP or TCP router is in error with Traefik's message, and left out.
     */
    @Test
    void refusesRouterPrioritiesReservedForTraefiksInternalRouters() {
        DecodedTree tree = decode(
                "traefik/http/routers/r/rule", "Host(`a`)",
                "traefik/http/routers/r/service", "s",
                "traefik/http/routers/r/priority", "9223372036854774808",
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a",
                "traefik/tcp/routers/t/rule", "HostSNI(`*`)",
                "traefik/tcp/routers/t/service", "x",
                "traefik/tcp/routers/t/priority", "9223372036854775807");

        assertThat(tree.problems()).isEmpty();
        MappedConfig mapped = TraefikJsonMapper.fromJson(tree.config());
        assertThat(mapped.problems()).extracting(Problem::key, Problem::reason, p -> p.entity().orElseThrow())
                .containsExactlyInAnyOrder(
                        tuple("http/routers/r/priority", "the router priority 9223372036854774808 exceeds the max "
                                + "user-defined priority 9223372036854774807", EntityRef.router("r")),
                        tuple("tcp/routers/t/priority", "the router priority 9223372036854775807 exceeds the max "
                                + "user-defined priority 9223372036854774807", EntityRef.tcpRouter("t")));
    }
}
