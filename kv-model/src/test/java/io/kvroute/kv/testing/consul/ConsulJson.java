package io.kvroute.kv.testing.consul;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders entries and sessions in the JSON shapes of Consul's HTTP API. */
final class ConsulJson {
    private ConsulJson() {
    }

    /** A {@code DirEntry}; {@code Value} is base64, or null when empty or when a write result omits it. */
    static Map<String, Object> entry(KvEntry entry, boolean withValue) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("LockIndex", entry.lockIndex());
        json.put("Key", entry.key());
        json.put("Flags", entry.flags());
        byte[] value = entry.value();
        json.put("Value", withValue && value.length > 0 ? Base64.getEncoder().encodeToString(value) : null);
        entry.session().ifPresent(session -> json.put("Session", session));
        json.put("CreateIndex", entry.createIndex());
        json.put("ModifyIndex", entry.modifyIndex());
        return json;
    }

    static List<Map<String, Object>> entries(List<KvEntry> entries) {
        return entries.stream().map(e -> entry(e, true)).toList();
    }

    /** A session as {@code /v1/session/info} lists it; LockDelay in nanoseconds, TTL as a duration string. */
    static Map<String, Object> session(EmulatedSession session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ID", session.id());
        json.put("Name", session.name());
        json.put("Node", session.node());
        json.put("LockDelay", session.lockDelay().toNanos());
        json.put("Behavior", session.behavior());
        json.put("TTL", session.ttl().map(ttl -> ttl.toSeconds() + "s").orElse(""));
        json.put("Checks", List.of());
        json.put("NodeChecks", List.of());
        json.put("ServiceChecks", null);
        json.put("CreateIndex", session.createIndex());
        json.put("ModifyIndex", session.createIndex());
        return json;
    }
}
