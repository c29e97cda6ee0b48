package io.kvroute.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One short-lived command ({@code ip}, {@code etcdctl}, {@code curl}, {@code docker}) run to completion within a
 * time limit; killed by its PID when it overstays.
 */
record Command(List<String> argv, Duration timeout) {
    Command {
        argv = List.copyOf(requireNonNull(argv, "argv"));
        requireNonNull(timeout, "timeout");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv: [] (expected: a program and its arguments)");
        }
    }

    /** What a finished command printed and returned. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, timeout);
    }

    static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout);
    }

    /** Runs the command; a command still running after the timeout is killed and reported as an error. */
    Result run() {
        try {
            Path out = Files.createTempFile("kvroute-e2e-out", ".txt");
            Path err = Files.createTempFile("kvroute-e2e-err", ".txt");
            try {
                Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new IllegalStateException(this + " did not finish within " + timeout.toMillis() + " ms");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + this, e);
        }
    }

    /** Runs the command and returns its output; a non-zero exit code is an error naming the command. */
    String output() {
        Result result = run();
        if (!result.ok()) {
            throw new IllegalStateException(this + " exited with " + result.exitCode() + ": " + result.err().strip());
        }
        return result.out();
    }

    @Override
    public String toString() {
        return "'" + String.join(" ", argv) + "'";
    }
}
