package io.kvroute.agent.services;

import static java.util.Objects.requireNonNull;

/**
 * The one error of reading the services file, with a kind, the file, the line (0 when unknown) and the reason; the
 * message reads {@code /etc/kvroute/services.yml:12: services[0].servers[1].url: "ftp://x" (expected: ...)}.
 */
public final class ServicesFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The file cannot be read. */
        UNREADABLE,
        /** Not YAML, or YAML of the wrong shape: unknown field, wrong type, duplicate key. */
        SYNTAX,
        /** Well-formed, but a value is invalid: URL, weight, rule, duration, duplicate name. */
        INVALID
    }

    private final Kind kind;
    private final String file;
    private final int line;
    private final String reason;

    public ServicesFileException(Kind kind, String file, int line, String reason) {
        super(requireNonNull(file, "file") + (line > 0 ? ":" + line : "") + ": " + requireNonNull(reason, "reason"));
        this.kind = requireNonNull(kind, "kind");
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem has no line (e.g. an unreadable file). */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
