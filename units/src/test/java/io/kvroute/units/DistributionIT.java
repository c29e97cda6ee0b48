package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball of this build, unpacked and run as a user runs it: from elsewhere, with only a JRE. */
class DistributionIT {
    private static final String VECTOR = "v1_15_etcd3_nominal.json";
    /** A path with at least one '/', neither absolute nor part of a URL or an address ({@code bin/kvroute}). */
    /** The target of a markdown link or image, {@code [text](target)} or {@code ![alt](target)}. */
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern RELATIVE_PATH = Pattern.compile("(?<![\\w/.:~$-])(?:[\\w.@-]+/)+[\\w.@-]*");

    @TempDir
    static Path scratch;
    private static Distribution distribution;
    private static Map<String, String> jreOnly;
    private static Path elsewhere;

    @BeforeAll
    static void unpack() throws IOException {
        distribution = Distribution.unpack(Files.createDirectories(scratch.resolve("unpacked")));
        jreOnly = Distribution.jreOnlyEnvironment(scratch);
        elsewhere = Files.createDirectories(scratch.resolve("elsewhere"));
    }

    @Test
    void the_tarball_holds_launcher_jar_units_examples_and_readme_under_one_directory() throws IOException {
        ProcessRun listing = ProcessRun.run(List.of("tar", "-tvzf", Distribution.tarball().toString()), scratch,
                System.getenv());
        assertThat(listing.exitCode()).as("%s", listing).isZero();
        String base = System.getProperty("kvroute.dist.name") + "/";
        Map<String, String> modes = new HashMap<>();
        listing.stdout().lines().filter(line -> !line.startsWith("d")).forEach(line -> {
            String[] fields = line.split("\\s+");
            modes.put(fields[fields.length - 1], fields[0]);
        });

        List<String> expected = new ArrayList<>(List.of("bin/kvroute", "lib/kvroute.jar", "lib/kvroute-agent.jar",
                "lib/agent.classlist", "README.md", "units/README.md", "units/install.sh", "units/systemd/kvroute-agent.service",
                "units/systemd/kvroute-proxy.service", "units/fleet/kvroute-agent.service",
                "units/fleet/kvroute-proxy@.service", "units/fleet/kvroute-announce@.service", "examples/agent.env",
                "examples/proxy.env", "examples/services.yaml", "examples/hello.yaml", "examples/HelloBackend.java",
                "examples/pairs.json"));
        expected.addAll(checkoutDocs());
        assertThat(checkoutDocs()).as("the checkout's docs").contains("docs/cli.md", "docs/dashboard.png");
        assertThat(modes).containsOnlyKeys(expected.stream().map(base::concat).toList());
        assertThat(modes.get(base + "bin/kvroute")).isEqualTo("-rwxr-xr-x");
        assertThat(modes.get(base + "units/install.sh")).isEqualTo("-rwxr-xr-x");
        assertThat(modes.get(base + "lib/kvroute.jar")).isEqualTo("-rw-r--r--");
        assertThat(modes.get(base + "lib/kvroute-agent.jar")).isEqualTo("-rw-r--r--");
    }

    @Test
    void every_path_the_tarballs_readme_names_is_in_the_tarball() throws IOException {
        String readme = Files.readString(distribution.root().resolve("README.md"));

        List<String> paths = RELATIVE_PATH.matcher(readme).results().map(MatchResult::group).distinct().toList();

        assertThat(paths).as("the README's relative paths").contains("bin/kvroute", "lib/kvroute.jar",
                "units/install.sh", "units/README.md", "examples/hello.yaml");
        assertThat(paths).allSatisfy(path -> assertThat(distribution.root().resolve(path))
                .as("%s, named in the tarball's README.md", path).exists());
        assertThat(readme).as("the checkout's README is not the tarball's").doesNotContain("./kvroute", "scripts/");
    }

    /** Every relative link of the shipped README and docs names a file inside the tarball. */
    @Test
    void every_relative_link_of_the_shipped_readme_and_docs_resolves_inside_the_tarball() throws IOException {
        Path root = distribution.root().toRealPath();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("units/README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> links = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = MARKDOWN_LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                String file = target.replaceFirst("#.*", "");
                Path resolved = page.getParent().resolve(file).normalize();
                links.add(root.relativize(page) + " -> " + target);
                assertThat(resolved).as("link %s of %s", target, root.relativize(page)).startsWith(root).exists();
            }
        }
        assertThat(links).as("the links checked").contains("README.md -> docs/cli.md",
                "docs/proxy.md -> dashboard.png");
    }

    /** The files of the checkout's docs/ the tarball ships: markdown and images, as {@code docs/NAME}. */
    private static List<String> checkoutDocs() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of(System.getProperty("kvroute.units.dir")).resolveSibling("docs"))) {
            return docs.map(doc -> doc.getFileName().toString()).filter(name -> name.matches(".*\\.(md|png)"))
                    .map("docs/"::concat).sorted().toList();
        }
    }

    @Test
    void help_runs_from_another_directory_with_only_a_jre_on_the_path() throws IOException {
        assertThat(jreOnly.get("PATH")).doesNotContain(":");
        assertThat(Path.of(jreOnly.get("PATH")).resolve("mvn")).doesNotExist();

        ProcessRun help = ProcessRun.run(List.of(distribution.launcher().toString(), "--help"), elsewhere, jreOnly);

        assertThat(help.exitCode()).as("%s", help).isZero();
        assertThat(help.stdout()).as("%s", help).startsWith("Usage: kvroute ").contains("Commands:", "proxy", "kv");
        assertThat(help.stderr()).isEmpty();
    }

    @Test
    void kv_decode_of_a_test_vector_gives_the_vectors_expected_configuration() throws IOException {
        Path vector = Path.of(System.getProperty("kvroute.vectors.dir"), VECTOR);

        ProcessRun decode = ProcessRun.run(List.of(distribution.launcher().toString(), "kv", "decode",
                vector.toString()), elsewhere, jreOnly);

        assertThat(decode.exitCode()).as("%s", decode).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode output = json.readTree(decode.stdout());
        assertThat(output.get("config")).isEqualTo(json.readTree(vector.toFile()).get("expected"));
        assertThat(output.at("/problems/0/key").asText()).isEqualTo("/traefik/backends/backend1/circuitbreaker");
    }

    @Test
    void the_launcher_finds_its_jar_through_absolute_and_relative_symlinks() throws IOException {
        Path absolute = Files.createDirectories(scratch.resolve("usr-local-bin")).resolve("kvroute");
        Files.createSymbolicLink(absolute, distribution.launcher());
        Path relativeDir = Files.createDirectories(scratch.resolve("links/deeper"));
        Path relative = relativeDir.resolve("kvroute");
        Files.createSymbolicLink(relative, relativeDir.relativize(absolute));

        for (Path link : List.of(absolute, relative)) {
            ProcessRun version = ProcessRun.run(List.of(link.toString(), "version"), elsewhere, jreOnly);
            assertThat(version.exitCode()).as("%s", version).isZero();
            assertThat(version.stdout()).as("the version the build gave the tarball, %s", version)
                    .startsWith("kvroute " + System.getProperty("kvroute.version") + " (Java ");
        }
    }

    @Test
    void java_home_is_used_when_java_is_not_on_the_path() throws IOException {
        Map<String, String> javaHomeOnly = new HashMap<>(jreOnly);
        javaHomeOnly.put("PATH", Files.createDirectories(scratch.resolve("empty-bin")).toString());
        javaHomeOnly.put("JAVA_HOME", System.getProperty("java.home"));
        Files.createSymbolicLink(scratch.resolve("empty-bin/dirname"), Path.of(jreOnly.get("PATH"), "dirname"));
        Files.createSymbolicLink(scratch.resolve("empty-bin/readlink"), Path.of(jreOnly.get("PATH"), "readlink"));

        ProcessRun version = ProcessRun.run(List.of(distribution.launcher().toString(), "version"), elsewhere,
                javaHomeOnly);

        assertThat(version.exitCode()).as("%s", version).isZero();
    }

    @Test
    void without_any_java_the_launcher_says_what_it_needs_and_exits_1() throws IOException {
        Path toolsOnly = Files.createDirectories(scratch.resolve("tools-only-bin"));
        Files.createSymbolicLink(toolsOnly.resolve("dirname"), Path.of(jreOnly.get("PATH"), "dirname"));
        Files.createSymbolicLink(toolsOnly.resolve("readlink"), Path.of(jreOnly.get("PATH"), "readlink"));
        Map<String, String> noJava = Map.of("PATH", toolsOnly.toString(), "HOME", scratch.toString());

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "--help"), elsewhere, noJava);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo(
                "kvroute: no java on PATH and JAVA_HOME unset (expected: a Java 17 or newer runtime)\n");
    }

    @Test
    void the_launcher_passes_the_jvm_option_the_proxy_needs_for_host_headers() throws IOException {
        Map<String, String> env = echoingJava();
        env.put("KVROUTE_JAVA_OPTS", "-Xmx64m -Dx=1");

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "proxy", "--web"), elsewhere, env);

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout().lines()).containsExactly("-Xmx64m",
                "-Dx=1", "-jar", fullJar(), "proxy",
                "--web");
    }

    @Test
    void without_java_opts_the_launcher_limits_the_heap_whatever_the_hosts_memory() throws IOException {
        Map<String, String> env = echoingJava();
        env.remove("KVROUTE_JAVA_OPTS");

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "proxy"), elsewhere, env);

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout().lines()).containsExactly("-Xmx256m", "-Xmn64m",
                "-XX:MetaspaceSize=64m", "-XX:+UseParallelGC", "-jar", fullJar(),
                "proxy");
    }

    @Test
    void without_java_opts_the_agent_gets_the_small_footprint_options_of_a_per_host_sidecar() throws IOException {
        Map<String, String> env = echoingJava();
        env.remove("KVROUTE_JAVA_OPTS");

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "agent", "--etcd"), elsewhere, env);

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout().lines()).containsExactly("-Xms8m", "-Xmx32m", "-Xmn2m", "-Xss256k",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
                "-XX:ReservedCodeCacheSize=16m", "-XX:TrimNativeHeapInterval=5000", "-jar", agentJar(), "agent",
                "--etcd");
    }

    @Test
    void a_java_that_refuses_the_native_heap_trim_runs_the_agent_without_it() throws IOException {
        Map<String, String> env = echoingJava("[ \"$1\" = -XX:TrimNativeHeapInterval=5000 ] && exit 1\n");
        env.remove("KVROUTE_JAVA_OPTS");

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "agent", "--etcd"), elsewhere, env);

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout().lines()).containsExactly("-Xms8m", "-Xmx32m", "-Xmn2m", "-Xss256k",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
                "-XX:ReservedCodeCacheSize=16m", "-jar", agentJar(), "agent", "--etcd");
    }

    @Test
    void the_agents_default_options_start_this_machines_java_and_the_trim_is_among_them() throws IOException {
        Map<String, String> env = new HashMap<>(jreOnly);
        env.remove("KVROUTE_JAVA_OPTS");
        env.put("JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags");

        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), "agent", "--help"), elsewhere, env);

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout()).as("Java 17.0.15 and later take the option as it is")
                .contains("-XX:TrimNativeHeapInterval=5000", "-XX:+UseSerialGC");
    }

    @Test
    void the_agent_runs_from_the_agent_jar_and_from_kvroute_jar_when_the_agent_jar_is_absent() throws IOException {
        Map<String, String> env = echoingJava();
        env.put("KVROUTE_JAVA_OPTS", "-Xmx64m");
        Path agentJar = distribution.root().resolve("lib/kvroute-agent.jar");
        Path aside = scratch.resolve("kvroute-agent.jar.aside");

        ProcessRun agent = ProcessRun.run(List.of(distribution.launcher().toString(), "agent"), elsewhere, env);
        ProcessRun version = ProcessRun.run(List.of(distribution.launcher().toString(), "version"), elsewhere, env);
        Files.move(agentJar, aside);
        ProcessRun withoutAgentJar;
        try {
            withoutAgentJar = ProcessRun.run(List.of(distribution.launcher().toString(), "agent"), elsewhere, env);
        } finally {
            Files.move(aside, agentJar);
        }

        assertThat(agent.stdout().lines()).containsExactly("-Xmx64m", "-jar", agentJar(), "agent");
        assertThat(version.stdout().lines()).containsExactly("-Xmx64m", "-jar", fullJar(), "version");
        assertThat(withoutAgentJar.stdout().lines()).containsExactly("-Xmx64m", "-jar", fullJar(), "agent");
    }

    /** {@code kvroute agent --help} through the launcher (the agent jar) prints what kvroute.jar prints. */
    @Test
    void the_agent_jars_help_is_kvroute_jars() throws IOException {
        ProcessRun launcher = ProcessRun.run(List.of(distribution.launcher().toString(), "agent", "--help"),
                elsewhere, jreOnly);
        ProcessRun full = ProcessRun.run(List.of(Distribution.javaExecutable().toString(), "-jar", fullJar(), "agent",
                "--help"), elsewhere, jreOnly);

        assertThat(launcher.exitCode()).as("%s", launcher).isZero();
        assertThat(launcher.stdout()).startsWith("Usage: kvroute agent ").contains("--log.level=LEVEL")
                .isEqualTo(full.stdout());
        assertThat(launcher.stderr()).isEmpty();
    }

    @Test
    void the_agent_and_only_the_agent_gets_the_class_data_archive_before_its_options_when_install_sh_made_one() throws IOException {
        Map<String, String> env = echoingJava();
        env.remove("KVROUTE_JAVA_OPTS");
        Path archive = distribution.root().resolve("lib/agent.jsa");
        Files.writeString(archive, "made by install.sh");
        try {
            ProcessRun agent = ProcessRun.run(List.of(distribution.launcher().toString(), "agent"), elsewhere, env);
            ProcessRun proxy = ProcessRun.run(List.of(distribution.launcher().toString(), "proxy"), elsewhere, env);
            env.put("KVROUTE_JAVA_OPTS", "-Xmx64m");
            ProcessRun ownOptions = ProcessRun.run(List.of(distribution.launcher().toString(), "agent"), elsewhere,
                    env);

            String jar = agentJar();
            String archiveOption = "-XX:SharedArchiveFile=" + distribution.root().toRealPath().resolve("lib/agent.jsa");
            assertThat(agent.stdout().lines().toList()).startsWith(archiveOption, "-Xms8m")
                    .endsWith("-XX:TrimNativeHeapInterval=5000", "-jar", jar, "agent");
            assertThat(proxy.stdout()).doesNotContain("SharedArchiveFile");
            assertThat(ownOptions.stdout().lines()).containsExactly(archiveOption, "-Xmx64m", "-jar", jar, "agent");
        } finally {
            Files.delete(archive);
        }
    }

    /** A class list made from kvroute.jar, or naming a class the agent jar lost, is stale. */
    @Test
    void the_agents_class_list_names_classes_of_the_agent_jar_and_the_jdk_only() throws IOException {
        List<String> classes = Files.readAllLines(distribution.root().resolve("lib/agent.classlist")).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("@") && !line.contains("$Proxy")).toList();

        assertThat(classes).as("the agent jar's main class").contains("io/kvroute/agent/cli/AgentJarCommand");
        try (ZipFile jar = new ZipFile(agentJar())) {
            List<String> missing = classes.stream().filter(name -> jar.getEntry(name + ".class") == null
                    && ClassLoader.getPlatformClassLoader().getResource(name + ".class") == null).toList();
            assertThat(classes).hasSizeGreaterThan(3_000);
            assertThat(missing).as("classes of lib/agent.classlist in neither the jar nor the JDK (regenerate it: "
                    + "scripts/agent-classlist)").isEmpty();
        }
    }

    private static String fullJar() throws IOException {
        return distribution.root().toRealPath().resolve("lib/kvroute.jar").toString();
    }

    private static String agentJar() throws IOException {
        return distribution.root().toRealPath().resolve("lib/kvroute-agent.jar").toString();
    }

    /** An environment whose JAVA_HOME holds a "java" that prints its arguments, one per line. */
    private Map<String, String> echoingJava() throws IOException {
        return echoingJava("");
    }

    /** The same, running {@code first} (shell lines) before it prints. */
    private Map<String, String> echoingJava(String first) throws IOException {
        Path fakeJavaHome = Files.createDirectories(scratch.resolve("fake-java-home/bin"));
        Path fakeJava = fakeJavaHome.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\n" + first + "for a in \"$@\"; do echo \"$a\"; done\n");
        assertThat(fakeJava.toFile().setExecutable(true)).isTrue();
        Map<String, String> env = new HashMap<>(jreOnly);
        env.put("JAVA_HOME", fakeJavaHome.getParent().toString());
        return env;
    }
}
