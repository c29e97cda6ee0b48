package io.kvroute.units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's own unit checker, {@code systemd-analyze verify} (Debian package {@code systemd}). It works offline,
 * without systemd as PID 1, but checks that ExecStart's program exists: it is run on installed units.
 */
final class SystemdAnalyze {
    private static final List<String> DIRS = List.of("/usr/bin", "/bin");

    private SystemdAnalyze() {
    }

    /** Whether systemd-analyze is installed. */
    static boolean available() {
        return executable().isPresent();
    }

    /** Whether a missing systemd-analyze is a failure rather than a skip: with {@code CI=true}. */
    static boolean required() {
        return "true".equals(System.getenv("CI"));
    }

    /** Runs {@code systemd-analyze verify UNIT} in the unit's directory (where units it names are found too). */
    static ProcessRun verify(Path unit, Map<String, String> environment) throws IOException {
        Path program = executable().orElseThrow(() -> new IllegalStateException(
                "systemd-analyze not found in " + DIRS + " (expected: Debian package systemd; CI=true requires it)"));
        return ProcessRun.run(List.of(program.toString(), "verify", "--man=no", unit.toString()), unit.getParent(),
                environment);
    }

    private static Optional<Path> executable() {
        return DIRS.stream().map(dir -> Path.of(dir, "systemd-analyze")).filter(Files::isExecutable).findFirst();
    }
}
