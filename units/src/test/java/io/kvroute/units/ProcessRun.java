package io.kvroute.units;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished child process: exit code and output. {@link #run} starts it with exactly the given environment and
 * kills it (by its own handle) when it outlives the timeout.
 *
 * @param command  what ran
 * @param exitCode its exit code
 * @param stdout   standard output
 * @param stderr   standard error
 */
record ProcessRun(List<String> command, int exitCode, String stdout, String stderr) {
    /** Enough for a JVM start on a busy 2-core machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    ProcessRun {
        command = List.copyOf(command);
        requireNonNull(stdout, "stdout");
        requireNonNull(stderr, "stderr");
    }

    /** Runs {@code command} in {@code directory} with only {@code environment}, collecting output in files. */
    static ProcessRun run(List<String> command, Path directory, Map<String, String> environment) throws IOException {
        Path out = Files.createTempFile("kvroute-units-", ".out");
        Path err = Files.createTempFile("kvroute-units-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(command + " still running after " + TIMEOUT);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                fail(command + " interrupted");
            }
            return new ProcessRun(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return command + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
