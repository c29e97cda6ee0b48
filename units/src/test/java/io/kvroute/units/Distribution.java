package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The distribution tarball of this build, unpacked.
 *
 * @param root the unpacked {@code kvroute-VERSION/} directory
 */
record Distribution(Path root) {
    /** The only tools {@code bin/kvroute} and install.sh call besides sh's builtins. */
    private static final List<String> LAUNCHER_TOOLS = List.of("dirname", "readlink");

    /** The tarball {@code mvn package} built (system property {@code kvroute.dist.tarball}, set by the pom). */
    static Path tarball() {
        return Path.of(requiredProperty("kvroute.dist.tarball"));
    }

    /** Unpacks the tarball into {@code directory} with tar. */
    static Distribution unpack(Path directory) throws IOException {
        assertThat(tarball()).as("the tarball of this build (mvn package)").isRegularFile();
        ProcessRun tar = ProcessRun.run(List.of("tar", "-xzf", tarball().toString(), "-C", directory.toString()),
                directory, System.getenv());
        assertThat(tar.exitCode()).as("%s", tar).isZero();
        return new Distribution(directory.resolve(requiredProperty("kvroute.dist.name")));
    }

    /** {@code bin/kvroute}. */
    Path launcher() {
        return root.resolve("bin/kvroute");
    }

    /** {@code units/install.sh}. */
    Path installScript() {
        return root.resolve("units/install.sh");
    }

    /**
     * An environment whose PATH holds only {@code java} (this JVM's) and the tools the launcher calls, in a fresh
     * directory under {@code scratch}: no Maven, no JAVA_HOME.
     */
    static Map<String, String> jreOnlyEnvironment(Path scratch) throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("jre-only-bin"));
        link(bin.resolve("java"), javaExecutable());
        for (String tool : LAUNCHER_TOOLS) {
            link(bin.resolve(tool), toolOnSystemPath(tool));
        }
        return Map.of("PATH", bin.toString(), "HOME", scratch.toString(), "LANG", "C.UTF-8");
    }

    /** The {@code java} executable of the JVM running the tests. */
    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, target);
        }
    }

    private static Path toolOnSystemPath(String tool) {
        return Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(tool + " not found in /usr/bin or /bin"));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (expected: run by failsafe after mvn package)");
        }
        return value;
    }
}
