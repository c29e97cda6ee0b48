package io.kvroute.kv.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AgentStatus} as the small JSON document of a status key, and back:
 * <pre>{"node":"node1","version":"0.1.0","layout":"v3","leaseTtlSeconds":15,"leaseId":"694d...","keys":6,
 * "problems":[{"where":"/etc/kvroute/services.yml:5","reason":"..."}],"writtenAt":"2026-01-01T00:00:00Z"}</pre>
 * Reading is strict about what it needs (every field, with its type) and ignores fields it does not know, so a newer
 * agent's status still reads, and an older agent's without {@code layout} reads with an empty one; anything else is
 * refused with one line naming the field and what was expected.
 */
public final class AgentStatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentStatusJson() {
    }

    /** The JSON document of {@code status}. */
    public static String write(AgentStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("node", status.node());
        node.put("version", status.version());
        node.put("layout", status.layout());
        node.put("leaseTtlSeconds", status.leaseTtlSeconds());
        node.put("leaseId", status.leaseId());
        node.put("keys", status.keys());
        ArrayNode problems = node.putArray("problems");
        status.problems().forEach(problem -> problems.addObject().put("where", problem.where())
                .put("reason", problem.reason()));
        node.put("writtenAt", status.writtenAt().toString());
        return node.toString();
    }

    /**
     * The status in {@code json}.
     *
     * @throws IllegalArgumentException naming the field and what was expected, when {@code json} is not such a
     *     document
     */
    public static AgentStatus read(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage()
                    + "; expected: an agent status object)", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object (expected: an agent status object)");
        }
        List<AgentProblem> problems = new ArrayList<>();
        JsonNode list = node.path("problems");
        if (!list.isArray()) {
            throw new IllegalArgumentException("problems: " + describe(list) + " (expected: an array)");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode problem = list.get(i);
            problems.add(new AgentProblem(text(problem, "where", "problems[" + i + "].where"),
                    text(problem, "reason", "problems[" + i + "].reason")));
        }
        String writtenAt = text(node, "writtenAt", "writtenAt");
        Instant written;
        try {
            written = Instant.parse(writtenAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("writtenAt: \"" + writtenAt
                    + "\" (expected: an ISO-8601 instant such as 2026-01-01T00:00:00Z)", e);
        }
        String layout = node.has("layout") ? text(node, "layout", "layout") : "";
        return new AgentStatus(text(node, "node", "node"), text(node, "version", "version"), layout,
                whole(node, "leaseTtlSeconds"), text(node, "leaseId", "leaseId"),
                Math.toIntExact(whole(node, "keys")), problems, written);
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + ": " + describe(value) + " (expected: a string)");
        }
        return value.asText();
    }

    private static long whole(JsonNode parent, String field) {
        JsonNode value = parent.path(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException(field + ": " + describe(value)
                    + " (expected: a whole number from 0 to " + Integer.MAX_VALUE + ")");
        }
        return value.asLong();
    }

    private static String describe(JsonNode value) {
        return value.isMissingNode() ? "missing" : value.toString();
    }
}
