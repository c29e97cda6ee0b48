package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** units/install.sh from the unpacked tarball, into temporary directories; then systemd-analyze on the result. */
class InstallScriptIT {
    private static final List<String> INSTALLED = List.of("bin/kvroute", "lib/kvroute.jar", "lib/kvroute-agent.jar",
            "lib/agent.classlist",
            "README.md", "units/install.sh", "units/README.md", "examples/agent.env", "examples/proxy.env", "examples/services.yaml",
            "examples/hello.yaml", "examples/HelloBackend.java", "examples/pairs.json",
            "units/systemd/kvroute-agent.service", "units/systemd/kvroute-proxy.service",
            "units/fleet/kvroute-agent.service", "units/fleet/kvroute-announce@.service",
            "units/fleet/kvroute-proxy@.service");

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @TempDir
    Path scratch;
    private Distribution distribution;
    private Map<String, String> environment;
    private Path prefix;
    private Path systemdDir;
    private Path confDir;

    @BeforeEach
    void unpack() throws IOException {
        distribution = Distribution.unpack(Files.createDirectories(scratch.resolve("unpacked")));
        environment = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", scratch.toString(), "LANG", "C.UTF-8");
        // Names unlike the defaults, so a default left in an installed file shows.
        prefix = scratch.resolve("prefix");
        systemdDir = scratch.resolve("systemd-units");
        confDir = scratch.resolve("conf");
    }

    /** Every file the install places under the prefix: {@link #INSTALLED} and the tarball's docs. */
    private List<String> installed() throws IOException {
        List<String> files = new ArrayList<>(INSTALLED);
        files.addAll(shippedDocs());
        return files;
    }

    /** The tarball's docs, as {@code docs/NAME}. */
    private List<String> shippedDocs() throws IOException {
        try (Stream<Path> docs = Files.list(distribution.root().resolve("docs"))) {
            return docs.map(doc -> "docs/" + doc.getFileName()).sorted().toList();
        }
    }

    private ProcessRun install(String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(distribution.installScript().toString(), "--prefix",
                prefix.toString(), "--systemd-dir", systemdDir.toString(), "--conf-dir=" + confDir, "--no-systemctl"));
        command.addAll(List.of(extra));
        return ProcessRun.run(command, scratch, environment);
    }

    @Test
    void the_first_run_installs_everything_and_points_the_units_at_the_chosen_directories() throws IOException {
        ProcessRun first = install();

        assertThat(first.exitCode()).as("%s", first).isZero();
        List<String> expectedLines = new ArrayList<>(installed().stream().map(f -> "installed " + prefix.resolve(f))
                .toList());
        expectedLines.add("installed " + systemdDir.resolve("kvroute-agent.service"));
        expectedLines.add("installed " + systemdDir.resolve("kvroute-proxy.service"));
        expectedLines.add("installed " + confDir.resolve("agent.env"));
        expectedLines.add("installed " + confDir.resolve("proxy.env"));
        expectedLines.add("made " + prefix.resolve("lib/agent.jsa"));
        expectedLines.add(expectedLines.size() + " change(s) made");
        assertThat(first.stdout().lines()).containsExactlyInAnyOrderElementsOf(expectedLines);
        assertThat(first.stdout().lines().reduce((a, b) -> b))
                .hasValue((23 + shippedDocs().size()) + " change(s) made");
        assertThat(shippedDocs()).contains("docs/cli.md", "docs/dashboard.png");
        assertThat(first.stderr()).isEmpty();

        assertThat(Files.getPosixFilePermissions(prefix.resolve("bin/kvroute")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(confDir.resolve("agent.env")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Files.mismatch(prefix.resolve("lib/kvroute.jar"), distribution.root().resolve("lib/kvroute.jar")))
                .isEqualTo(-1L);
        UnitFile agent = UnitFile.read(systemdDir.resolve("kvroute-agent.service"));
        assertThat(agent.value("Service", "ExecStart")).hasValue(prefix + "/bin/kvroute agent $KVROUTE_AGENT_FLAGS");
        assertThat(agent.value("Service", "EnvironmentFile")).hasValue(confDir + "/agent.env");
        UnitFile announce = UnitFile.read(prefix.resolve("units/fleet/kvroute-announce@.service"));
        assertThat(Deployment.execStart(announce).flagValue("--services"))
                .hasValue(confDir + "/announce/%i.yaml");
        assertThat(Files.readString(prefix.resolve("units/systemd/kvroute-proxy.service"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(systemdDir.resolve("kvroute-proxy.service"), StandardCharsets.UTF_8))
                .doesNotContain("/opt/kvroute", "/etc/kvroute");
    }

    @Test
    void the_second_run_changes_nothing_and_says_so() throws IOException {
        assertThat(install().exitCode()).isZero();
        Map<Path, FileTime> before = modificationTimes();

        ProcessRun second = install();

        assertThat(second.exitCode()).as("%s", second).isZero();
        assertThat(second.stdout()).isEqualTo("nothing to change: " + prefix + ", " + systemdDir + " and " + confDir
                + " are up to date\n");
        assertThat(modificationTimes()).isEqualTo(before);
    }

    @Test
    void a_changed_unit_is_restored_but_edited_env_files_are_kept() throws IOException {
        assertThat(install().exitCode()).isZero();
        Path unit = systemdDir.resolve("kvroute-proxy.service");
        String original = Files.readString(unit, StandardCharsets.UTF_8);
        Files.writeString(unit, original.replace("Restart=always", "Restart=no"));
        Path env = confDir.resolve("agent.env");
        Files.writeString(env, "KVROUTE_AGENT_FLAGS='--etcd.endpoint=10.1.1.1:2379'\n");

        ProcessRun again = install();

        assertThat(again.stdout()).isEqualTo("updated " + unit + "\n1 change(s) made\n");
        assertThat(Files.readString(unit, StandardCharsets.UTF_8)).isEqualTo(original);
        assertThat(Files.readString(env, StandardCharsets.UTF_8))
                .isEqualTo("KVROUTE_AGENT_FLAGS='--etcd.endpoint=10.1.1.1:2379'\n");
    }

    @Test
    void the_installed_launcher_runs() throws IOException {
        assertThat(install().exitCode()).isZero();

        ProcessRun version = ProcessRun.run(List.of(prefix.resolve("bin/kvroute").toString(), "version"), scratch,
                Distribution.jreOnlyEnvironment(scratch));

        assertThat(version.exitCode()).as("%s", version).isZero();
    }

    @Test
    void the_installed_agent_starts_with_its_archive_and_without_one_that_does_not_match() throws IOException {
        assertThat(install().exitCode()).isZero();
        Path jar = prefix.resolve("lib/kvroute-agent.jar");

        assertThat(agentHelp(true).exitCode()).as("-Xshare:on: the launcher's archive is mapped").isZero();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        ProcessRun otherJar = agentHelp(false);
        assertThat(otherJar.exitCode()).as("%s", otherJar).isZero();
        assertThat(otherJar.stderr()).isEmpty();
        assertThat(agentHelp(true).exitCode()).as("-Xshare:on: the archive no longer matches the jar").isNotZero();

        ProcessRun again = install();
        assertThat(again.stdout()).isEqualTo("made " + prefix.resolve("lib/agent.jsa") + "\n1 change(s) made\n");
        assertThat(agentHelp(true).exitCode()).as("-Xshare:on: remade for the jar").isZero();

        Files.writeString(prefix.resolve("lib/agent.jsa"), "not an archive");
        ProcessRun broken = agentHelp(false);
        assertThat(broken.exitCode()).as("%s", broken).isZero();
        assertThat(broken.stderr()).isEmpty();
    }

    /**
     * The installed agent runs from the agent-only jar with its class-data archive (-Xshare:on: a JVM that cannot map
     * it does not start) and registers its services in a real etcd; kvroute.jar's {@code agent} still does too.
     */
    @Test
    void the_installed_agent_registers_its_services_from_the_agent_jar_with_its_archive() throws Exception {
        assertThat(install().exitCode()).isZero();
        Path services = Files.writeString(scratch.resolve("services.yaml"), "services:\n  - name: api\n"
                + "    servers:\n      - url: http://127.0.0.1:9001\n");
        Map<String, String> env = new TreeMap<>(Distribution.jreOnlyEnvironment(scratch));
        env.put("JAVA_TOOL_OPTIONS", "-Xshare:on");

        try (KvStore etcd = KvStores.open(ETCD.settings());
                RunningAgent installed = RunningAgent.start(List.of(prefix.resolve("bin/kvroute").toString()),
                        ETCD.endpoint(), "installed", services, scratch, env);
                RunningAgent full = RunningAgent.start(List.of(Distribution.javaExecutable().toString(), "-jar",
                        prefix.resolve("lib/kvroute.jar").toString()), ETCD.endpoint(), "full", services, scratch,
                        Distribution.jreOnlyEnvironment(scratch))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(etcd.list("installed/").pairs()).extracting(KvPair::key)
                            .contains("installed/http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(etcd.list("full/").pairs()).extracting(KvPair::key)
                            .contains("full/http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url"));
            Path lib = prefix.toRealPath().resolve("lib");
            assertThat(installed.javaArguments()).as("java's arguments, as the launcher exec'd it")
                    .contains("-XX:SharedArchiveFile=" + lib.resolve("agent.jsa"), "-jar",
                            lib.resolve("kvroute-agent.jar").toString(), "agent");
            assertThat(installed.output()).doesNotContain("Exception");
            assertThat(full.output()).doesNotContain("Exception");
        }
    }

    /** {@code kvroute agent --help} of the installed launcher; with {@code requireArchive}, -Xshare:on. */
    private ProcessRun agentHelp(boolean requireArchive) throws IOException {
        Map<String, String> env = new TreeMap<>(Distribution.jreOnlyEnvironment(scratch));
        if (requireArchive) {
            env.put("JAVA_TOOL_OPTIONS", "-Xshare:on");
        }
        return ProcessRun.run(List.of(prefix.resolve("bin/kvroute").toString(), "agent", "--help"), scratch, env);
    }

    @Test
    void bad_arguments_are_refused_with_exit_2_and_a_line_naming_them() throws IOException {
        ProcessRun relative = ProcessRun.run(List.of(distribution.installScript().toString(), "--prefix", "opt",
                "--no-systemctl"), scratch, environment);
        ProcessRun unknown = ProcessRun.run(List.of(distribution.installScript().toString(), "--frobnicate"),
                scratch, environment);

        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.stderr()).isEqualTo("install.sh: 'opt' is not an absolute path (expected: --prefix, "
                + "--systemd-dir and --conf-dir as /absolute/paths)\n");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).endsWith(
                "install.sh: unknown argument '--frobnicate' (expected: one of the options above)\n");
        assertThat(scratch.resolve("opt")).doesNotExist();
        assertThat(prefix).doesNotExist();
    }

    @Test
    void systemd_analyze_verify_accepts_the_installed_units() throws IOException {
        assumeTrue(SystemdAnalyze.available() || SystemdAnalyze.required(),
                "systemd-analyze is not installed (Debian package systemd)");
        assertThat(install().exitCode()).isZero();
        Path verify = Files.createDirectories(scratch.resolve("verify"));
        copy(systemdDir.resolve("kvroute-agent.service"), verify.resolve("kvroute-agent.service"));
        copy(systemdDir.resolve("kvroute-proxy.service"), verify.resolve("kvroute-proxy.service"));
        Path fleet = prefix.resolve("units/fleet");
        copy(fleet.resolve("kvroute-agent.service"), verify.resolve("kvroute-fleet-agent.service"));
        copy(fleet.resolve("kvroute-proxy@.service"), verify.resolve("kvroute-proxy@1.service"));
        copy(fleet.resolve("kvroute-announce@.service"), verify.resolve("kvroute-announce@nginx-1.service"));
        Files.writeString(verify.resolve("nginx-1.service"), "[Unit]\nDescription=the app an announce unit binds to\n"
                + "[Service]\nExecStart=/bin/true\n");

        try (Stream<Path> units = Files.list(verify)) {
            for (Path unit : units.sorted().toList()) {
                ProcessRun run = SystemdAnalyze.verify(unit, environment);
                assertThat(run.exitCode()).as("%s", run).isZero();
                assertThat(run.stdout() + run.stderr()).as("%s", run).isEmpty();
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
    }

    private Map<Path, FileTime> modificationTimes() throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        for (Path root : List.of(prefix, systemdDir, confDir)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    times.put(file, Files.getLastModifiedTime(file));
                }
            }
        }
        return times;
    }
}
