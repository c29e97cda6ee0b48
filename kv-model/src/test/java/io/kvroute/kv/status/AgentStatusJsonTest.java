package io.kvroute.kv.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.layout.keys.AgentStatusKeys;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent status to its JSON and back; every malformed document refused with one line naming the field. */
class AgentStatusJsonTest {
    private static final AgentStatus STATUS = new AgentStatus("node1", "0.1.0", "v3", 15, "694d7a1b2c3d4e5f", 6,
            List.of(new AgentProblem("/etc/kvroute/services.yml:5", "services[0].servers[0].url: \"ftp://x\" "
                    + "(expected: an absolute http or https URL)")), Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void writesTheDocumentAndReadsItBack() {
        String json = AgentStatusJson.write(STATUS);

        assertThat(json).isEqualTo("{\"node\":\"node1\",\"version\":\"0.1.0\",\"layout\":\"v3\","
                + "\"leaseTtlSeconds\":15,"
                + "\"leaseId\":\"694d7a1b2c3d4e5f\",\"keys\":6,\"problems\":[{\"where\":\"/etc/kvroute/services.yml:5\","
                + "\"reason\":\"services[0].servers[0].url: \\\"ftp://x\\\" (expected: an absolute http or https URL)\"}],"
                + "\"writtenAt\":\"2026-01-01T00:00:00Z\"}");
        assertThat(AgentStatusJson.read(json)).isEqualTo(STATUS);
    }

    /** An older agent's status has no layout: it reads with an empty one; a layout that is no string is refused. */
    @Test
    void readsAStatusWithoutLayoutWithAnEmptyOne() {
        String json = AgentStatusJson.write(STATUS);

        assertThat(AgentStatusJson.read(json.replace("\"layout\":\"v3\",", "")).layout()).isEmpty();
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("\"layout\":\"v3\"", "\"layout\":2")))
                .hasMessage("layout: 2 (expected: a string)");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        assertThat(AgentStatusJson.read(AgentStatusJson.write(STATUS).replace("{\"node\"", "{\"future\":[1],\"node\"")))
                .isEqualTo(STATUS);
    }

    @Test
    void refusesWhatIsNotAStatusWithOneLineNamingTheField() {
        String json = AgentStatusJson.write(STATUS);
        assertThatThrownBy(() -> AgentStatusJson.read("{\"node\": ")).hasMessageStartingWith("not JSON (")
                .hasMessageEndingWith("; expected: an agent status object)");
        assertThatThrownBy(() -> AgentStatusJson.read("[1]"))
                .hasMessage("not a JSON object (expected: an agent status object)");
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("\"keys\":6", "\"keys\":\"six\"")))
                .hasMessage("keys: \"six\" (expected: a whole number from 0 to 2147483647)");
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("\"leaseTtlSeconds\":15,", "")))
                .hasMessage("leaseTtlSeconds: missing (expected: a whole number from 0 to 2147483647)");
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("\"where\":\"/etc/kvroute/services.yml:5\"",
                "\"where\":5"))).hasMessage("problems[0].where: 5 (expected: a string)");
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("2026-01-01T00:00:00Z", "yesterday")))
                .hasMessage("writtenAt: \"yesterday\" (expected: an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        assertThatThrownBy(() -> AgentStatusJson.read(json.replace("\"problems\":[", "\"problems\":{\"a\":[")
                .replace("}],", "}]},"))).hasMessageStartingWith("problems: {").hasMessageEndingWith("(expected: an array)");
    }

    @Test
    void sameContentIgnoresOnlyWhenItWasWritten() {
        AgentStatus later = new AgentStatus("node1", "0.1.0", "v3", 15, "694d7a1b2c3d4e5f", 6, STATUS.problems(),
                Instant.parse("2026-01-01T00:05:00Z"));
        AgentStatus moreKeys = new AgentStatus("node1", "0.1.0", "v3", 15, "694d7a1b2c3d4e5f", 7, STATUS.problems(),
                STATUS.writtenAt());
        AgentStatus fixed = new AgentStatus("node1", "0.1.0", "v3", 15, "694d7a1b2c3d4e5f", 6, List.of(),
                STATUS.writtenAt());

        assertThat(STATUS.sameContentAs(later)).isTrue();
        assertThat(STATUS.sameContentAs(moreKeys)).isFalse();
        assertThat(STATUS.sameContentAs(fixed)).isFalse();
        assertThat(STATUS.sameContentAs(null)).isFalse();
    }

    @Test
    void namesEachNodesKeyAndReadsItBack() {
        assertThat(AgentStatusKeys.key("node1")).isEqualTo("kvroute/agents/node1");
        assertThat(AgentStatusKeys.node("kvroute/agents/node1")).contains("node1");
        assertThat(AgentStatusKeys.node("kvroute/agents/")).isEmpty();
        assertThat(AgentStatusKeys.node("kvroute/agents/node1/x")).isEmpty();
        assertThat(AgentStatusKeys.node("kvroute/acme/r/account")).isEmpty();
        assertThatThrownBy(() -> AgentStatusKeys.key("a/b"))
                .hasMessage("agent node \"a/b\" (expected: a non-empty name without /)");
    }
}
