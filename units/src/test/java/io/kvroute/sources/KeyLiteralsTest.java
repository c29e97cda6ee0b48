package io.kvroute.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: Traefik's key layout is spelled in one place, kv-model's {@code io.kvroute.kv.layout} (its
 * {@code keys} package builds every key). Every module's main sources are scanned by {@link KeyLiteralScanner}; a
 * key-path literal elsewhere fails the test, named by file and line.
 */
class KeyLiteralsTest {
    /** Where key paths belong. */
    private static final String LAYOUT = "kv-model/src/main/java/io/kvroute/kv/layout/";

    /** Files whose path-like literals are not store keys, with what they are instead. */
    private static final Map<String, String> NOT_KEYS = Map.of(
            "agent/src/main/java/io/kvroute/agent/services/ServicesFile.java",
            "paths inside the services YAML file (services/0/servers/1/url) for its error messages",
            "proxy-engine/src/main/java/io/kvroute/proxy/web/TraefikApi.java",
            "Traefik's HTTP API paths (/api/http/routers), served by the dashboard");

    private static final Path PROJECT = projectDir();

    @Test
    void no_module_spells_a_traefik_key_path_outside_the_layout_package() {
        List<Path> sources = mainSources();

        List<String> findings = sources.stream()
                .filter(file -> !relative(file).startsWith(LAYOUT) && !NOT_KEYS.containsKey(relative(file)))
                .flatMap(file -> KeyLiteralScanner.scan(file).stream())
                .map(finding -> relative(finding.file()) + ":" + finding.line() + ": \"" + finding.literal() + "\"")
                .toList();

        assertThat(sources).hasSizeGreaterThan(300);
        assertThat(sources).extracting(KeyLiteralsTest::relative)
                .anyMatch(path -> path.startsWith("kv-model/"))
                .anyMatch(path -> path.startsWith("agent/"))
                .anyMatch(path -> path.startsWith("proxy-engine/"));
        assertThat(findings).as("Traefik key paths outside %s (build them with io.kvroute.kv.layout.keys)", LAYOUT)
                .isEmpty();
    }

    /** Also shows the scan reads real sources: each exempted file is found holding its path-like literals. */
    @Test
    void every_file_exempted_still_exists_and_still_holds_a_path_like_literal() {
        NOT_KEYS.keySet().forEach(file ->
                assertThat(KeyLiteralScanner.scan(PROJECT.resolve(file))).as(file).isNotEmpty());
    }

    @Test
    void a_planted_key_literal_is_reported_with_its_line_and_comments_and_prose_are_not(@TempDir Path dir)
            throws IOException {
        Path planted = dir.resolve("Planted.java");
        Files.writeString(planted, String.join("\n",
                "class Planted {",
                "    // \"traefik/http/routers/\" in a comment",
                "    /* \"/backends/\" in a",
                "       block comment */",
                "    String help = \"keys under traefik/http/... and /traefik/backends/...\";",
                "    String json = \"loadBalancer\";",
                "    char quote = '\"';",
                "    String servers = prefix + \"/http/services/\" + name + \"/loadBalancer/servers\";",
                "    String text = \"\"\"",
                "        not/a/key",
                "        \"\"\";",
                "    String v1 = \"frontends/\" + name;",
                "}"));

        assertThat(KeyLiteralScanner.scan(planted)).extracting(f -> f.line() + ": " + f.literal())
                .containsExactly("8: /http/services/", "8: /loadBalancer/servers", "12: frontends/");
    }

    @Test
    void key_paths_are_told_from_other_literals() {
        assertThat(Stream.of("/servers/", "http/routers", "backends/[^/]+/loadbalancer/method", "/alias",
                "traefik/tls/options", "weighted/services/0"))
                .allMatch(KeyLiteralScanner::isKeyPath);
        assertThat(Stream.of("servers", "loadBalancer", "/", "traefik/", "/proc/sys/kernel/hostname",
                "users/0", "text/css; charset=utf-8", "see http/routers in the docs", "examples/services.yaml"))
                .noneMatch(KeyLiteralScanner::isKeyPath);
    }

    private static List<Path> mainSources() {
        try (Stream<Path> modules = Files.list(PROJECT)) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(KeyLiteralsTest::javaFiles).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROJECT, e);
        }
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir, e);
        }
    }

    private static String relative(Path file) {
        return PROJECT.relativize(file).toString().replace('\\', '/');
    }

    /** The project root: the parent of the units module (system property {@code kvroute.units.dir}). */
    private static Path projectDir() {
        String units = System.getProperty("kvroute.units.dir");
        if (units == null) {
            throw new IllegalStateException("kvroute.units.dir is not set (expected: run through Maven)");
        }
        return Path.of(units).toAbsolutePath().normalize().getParent();
    }
}
