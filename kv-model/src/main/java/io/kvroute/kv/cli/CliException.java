package io.kvroute.kv.cli;

/**
 * A failure a command reports as one line and an exit code: {@link #USAGE} (2) for bad flags or unreadable input,
 * {@link #RUNTIME} (1) for failures while running (store unreachable, lint errors found).
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int RUNTIME = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException runtime(String message) {
        return new CliException(RUNTIME, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
