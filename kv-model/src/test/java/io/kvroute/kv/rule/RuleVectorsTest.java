package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Trees.m;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parses the rule keys of the shared Traefik test vectors. */
class RuleVectorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v3_06_etcd_integration_rawdata.json| traefik/http/routers/Router0/rule| V3| HOST| kv1.localhost",
        "v3_06_etcd_integration_rawdata.json| traefik/http/routers/Router1/rule| V3| HOST| kv2.localhost",
        "v3_11_DERIVED_sparse_nonnumeric_server_ids.json| traefik/http/routers/web/rule| V3| HOST| app.example.com",
        "v1_12_name_with_dot.json| traefik/frontends/frontend.with.dot/routes/route.with.dot/rule| V1| HOST| test.localhost",
        "v1_15_etcd3_nominal.json| /traefik/frontends/frontend1/routes/test_1/rule| V1| HOST| test.localhost",
        "v1_15_etcd3_nominal.json| /traefik/frontends/frontend2/routes/test_2/rule| V1| PATH| /test"})
    void parsesVectorRule(String file, String key, RuleSyntax syntax, Matcher matcher, String argument)
            throws IOException {
        String text = pairs(file).path(key).asText();

        Rule rule = RuleParser.parse(text, syntax);

        assertThat(rule.expr()).isEqualTo(m(matcher, argument));
        assertThat(RuleParser.parseAuto(text)).isEqualTo(rule);
        assertThat(rule.defaultPriority()).isEqualTo(text.length());
    }

    private static JsonNode pairs(String file) throws IOException {
        try (InputStream in = RuleVectorsTest.class.getResourceAsStream("/vectors/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new ObjectMapper().readTree(in).path("pairs");
        }
    }
}
