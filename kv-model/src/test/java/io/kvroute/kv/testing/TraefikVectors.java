package io.kvroute.kv.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Traefik's own test vectors (kv-model {@code src/test/resources/vectors}, copied from shared/vectors): each file
 * holds {@code pairs} (store keys) and the {@code expected} configuration Traefik builds from them.
 */
public final class TraefikVectors {
    /** Fields of Traefik's {@code /api/rawdata} that describe runtime state, not configuration. */
    public static final Set<String> RUNTIME_FIELDS =
            Set.of("status", "using", "usedBy", "serverStatus", "error", "observability");
    /** The rawdata vector: {@code expected} is Traefik's {@code /api/rawdata}, not a decoded configuration. */
    public static final String RAWDATA = "v3_06_etcd_integration_rawdata.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraefikVectors() {
    }

    /** File names starting with {@code prefix} ("v3_", "v1_", "" for all), sorted. */
    public static List<String> names(String prefix) {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The vectors whose {@code expected} is a Traefik configuration (v3_09 and v3_10 target a test struct and the
     * decoder's node tree instead).
     */
    public static List<String> configurationVectors() {
        return names("").stream().filter(n -> !n.startsWith("v3_09") && !n.startsWith("v3_10")).toList();
    }

    public static Path file(String name) {
        return directory().resolve(name);
    }

    public static ObjectNode load(String name) {
        try (InputStream in = TraefikVectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<KvPair> pairs(String name) {
        List<KvPair> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : load(name).get("pairs").properties()) {
            pairs.add(KvPair.of(entry.getKey(), entry.getValue().asText()));
        }
        return pairs;
    }

    /**
     * The configuration a vector expects, as {@code kv decode} prints it: the {@code expected} object, except for the
     * rawdata vector, whose runtime fields and {@code @etcd} suffixes (on names and middleware references) are
     * removed and whose sections are put under {@code http}.
     */
    public static ObjectNode expectedConfiguration(String name) {
        ObjectNode expected = (ObjectNode) load(name).get("expected");
        if (!RAWDATA.equals(name)) {
            return expected;
        }
        ObjectNode config = MAPPER.createObjectNode();
        ObjectNode http = config.putObject("http");
        for (Map.Entry<String, JsonNode> section : expected.properties()) {
            ObjectNode entities = http.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> entity : section.getValue().properties()) {
                ObjectNode copy = ((ObjectNode) entity.getValue()).deepCopy();
                copy.remove(RUNTIME_FIELDS);
                if (copy.has("middlewares")) {
                    List<String> refs = new ArrayList<>();
                    copy.get("middlewares").forEach(m -> refs.add(m.asText().replace("@etcd", "")));
                    copy.putArray("middlewares").addAll(refs.stream().map(MAPPER.getNodeFactory()::textNode).toList());
                }
                entities.set(entity.getKey().replace("@etcd", ""), copy);
            }
        }
        return config;
    }

    private static Path directory() {
        try {
            return Paths.get(TraefikVectors.class.getResource("/vectors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
