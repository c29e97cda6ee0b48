package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.HostAndPort;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rateLimit's {@code redis} section as kvroute applies it, with Traefik's defaults, and what it refuses. */
class RedisStoreSettingsTest {
    private static RedisStoreSettings read(String redis) {
        MiddlewareSettings settings = MiddlewareSettings.of(Opaque.of("limit", "rateLimit",
                "{\"average\": 5, \"redis\": " + redis + "}"));
        settings.integer("average");
        RedisStoreSettings read = RedisStoreSettings.read(settings.section("redis").orElseThrow());
        settings.requireAllRead();
        return read;
    }

    @Test
    void anEmptySectionIsTraefiksDefaults() {
        RedisStoreSettings settings = read("{}");

        assertThat(settings.endpoints()).containsExactly(HostAndPort.fromParts("localhost", 6379));
        assertThat(settings.cluster()).isFalse();
        assertThat(settings.username()).isEmpty();
        assertThat(settings.password()).isEmpty();
        assertThat(settings.db()).isZero();
        assertThat(settings.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.commandTimeout()).as("writeTimeout 3s + readTimeout 3s").contains(Duration.ofSeconds(6));
    }

    @Test
    void everyAppliedOptionIsMapped() {
        RedisStoreSettings settings = read("""
                {"endpoints": ["redis.internal:6380"], "username": "limiter", "password": "s3cret", "db": 3,
                 "poolSize": 20, "minIdleConns": 10, "maxActiveConns": 50,
                 "readTimeout": "2s", "writeTimeout": "500ms", "dialTimeout": "1s"}""");

        assertThat(settings).isEqualTo(new RedisStoreSettings(List.of(HostAndPort.fromParts("redis.internal", 6380)),
                "limiter", "s3cret", 3, Optional.empty(), Duration.ofSeconds(1), Optional.of(Duration.ofMillis(2500))));
        assertThat(settings.toString()).doesNotContain("s3cret").contains("password=(set)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"readTimeout": "0s"}                       | no read deadline: the command waits as long as it takes
            {"writeTimeout": "-1s", "readTimeout": "1s"} | no write deadline: neither has the command
            """)
    void aTimeoutOfZeroOrLessIsNoLimitForTheCommand(String redis, String why) {
        assertThat(read(redis).commandTimeout()).as(why).isEmpty();
    }

    @Test
    void tlsIsKeptAsItsValuesSoEqualSectionsAreEqualSettings() {
        String tls = "{\"tls\": {\"insecureSkipVerify\": true}}";

        assertThat(read(tls)).isEqualTo(read(tls));
        assertThat(read(tls).tls()).contains(new RedisTls("", "", "", true));
    }

    @Test
    void aDialTimeoutOfZeroIsGoRedisDefault() {
        assertThat(read("{\"dialTimeout\": \"0s\"}").dialTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theEndpointMayBeAnIpv6Address() {
        assertThat(read("{\"endpoints\": [\"[::1]:6379\"]}").endpoints())
                .containsExactly(HostAndPort.fromParts("::1", 6379));
    }

    @Test
    void moreThanOneEndpointAreTheSeedsOfARedisCluster() {
        RedisStoreSettings settings = read("{\"endpoints\": [\"a:7000\", \"b:7001\", \"c:7002\"], \"db\": 2}");

        assertThat(settings.cluster()).isTrue();
        assertThat(settings.endpoints()).containsExactly(HostAndPort.fromParts("a", 7000),
                HostAndPort.fromParts("b", 7001), HostAndPort.fromParts("c", 7002));
        assertThat(settings.shownEndpoints()).isEqualTo("a:7000, b:7001, c:7002");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"endpoints": ["localhost"]}                   | redis/endpoints ["localhost"] (expected: host:port of a Redis server
            {"endpoints": [":6379"]}                       | redis/endpoints [":6379"] (expected: host:port
            {"endpoints": ["localhost:0"]}                 | redis/endpoints ["localhost:0"] (expected: host:port
            {"endpoints": ["a:6379", "b"]}                 | (expected: host:port of a Redis server, such as localhost:6379)
            {"db": -1}                                     | redis/db -1 (expected: a database number, 0 or more)
            {"poolSize": -1}                               | redis/poolSize -1 (expected: a number of connections, 0 or more)
            {"minIdleConns": -1}                           | redis/minIdleConns -1 (expected: a number of connections, 0 or more)
            {"readTimeout": "soon"}                        | redis/readTimeout "soon" (expected: a duration
            {"tls": {"cert": "/etc/redis/client.pem"}}     | redis/tls/key (not set) (expected: both cert and key, or neither)
            {"tls": {"ca": "/nonexistent/ca.pem"}}         | redis/tls/ca "/nonexistent/ca.pem" (expected: a PEM file or PEM content
            """)
    void refusesWhatCannotWorkOrIsNotAppliedNamingTheKey(String redis, String message) {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("limit", "rateLimit",
                "{\"average\": 5, \"redis\": " + redis + "}")), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class).hasMessageContaining(message);
    }
}
