package io.kvroute.proxy.accesslog;

import java.io.IOException;
import java.nio.file.Path;

/** The access log's file cannot be created or opened for appending: a runtime failure naming the flag and the file. */
public final class CannotOpenAccessLog extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannotOpenAccessLog(Path file, IOException cause) {
        super("--accesslog.filepath=" + file + ": cannot open for appending (" + cause.getMessage()
                + "; expected a file this process may create and write)", cause);
    }
}
