package io.kvroute.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys under {@code traefik/} in the lab's etcd, read with {@code etcdctl get --prefix -w json} from inside the
 * edge namespace (the test JVM has no address in the lab's subnet).
 */
final class StoredKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One stored key: its value and the ID of the lease it is bound to (0 for none). */
    record Stored(String value, long lease) {
        Stored {
            requireNonNull(value, "value");
        }
    }

    private final NetnsLab lab;
    private final String endpoint;

    StoredKeys(NetnsLab lab, String endpoint) {
        this.lab = requireNonNull(lab, "lab");
        this.endpoint = requireNonNull(endpoint, "endpoint");
    }

    /** Every key under {@code traefik/}, sorted. */
    Map<String, Stored> all() {
        String json = Command.of(TIMEOUT, lab.exec(LabHost.EDGE, List.of("etcdctl", "--endpoints=" + endpoint,
                "--command-timeout=2s", "get", "--prefix", "traefik/", "-w", "json"))).output();
        Map<String, Stored> keys = new TreeMap<>();
        try {
            for (JsonNode kv : JSON.readTree(json).path("kvs")) {
                keys.put(decode(kv.path("key").asText()),
                        new Stored(decode(kv.path("value").asText()), kv.path("lease").asLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("etcdctl printed no JSON: " + json, e);
        }
        return keys;
    }

    /** The values of the keys under {@code traefik/} whose names start with one of {@code prefixes}. */
    Map<String, String> values(List<String> prefixes) {
        Map<String, String> values = new TreeMap<>();
        all().forEach((key, stored) -> {
            if (prefixes.stream().anyMatch(key::startsWith)) {
                values.put(key, stored.value());
            }
        });
        return values;
    }

    /** True when etcd answers {@code endpoint health}. */
    boolean healthy() {
        return Command.of(TIMEOUT, lab.exec(LabHost.EDGE, List.of("etcdctl", "--endpoints=" + endpoint,
                "--command-timeout=2s", "endpoint", "health"))).run().ok();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
