package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Traefik's {@code types.FileOrContent} ({@code certFile}, {@code keyFile}, {@code caFiles}): the path of a file
 * when a file of that name exists (Go's {@code os.Stat} succeeds), else the content itself. Where Traefik reads any
 * path, {@link #read()} reads only a regular file of at most {@value #MAX_FILE_BYTES} bytes: a device, FIFO or
 * directory named by a store value (say {@code /dev/zero}) must not hang or exhaust the proxy. The path is resolved
 * on the host that decodes: {@code kv lint} checks it on its own host, the proxy on the proxy's.
 */
public record FileOrContent(String text) {
    /** The largest file read: certificate chains and CA bundles are kilobytes, a full CA bundle about 220 KiB. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    public FileOrContent {
        requireNonNull(text, "text");
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** True when a file (of any type) of this name exists, as Traefik's {@code IsPath}. */
    public boolean isPath() {
        if (text.isEmpty()) {
            return false;
        }
        try {
            return Files.exists(Path.of(text));
        } catch (InvalidPathException notAPath) {
            return false;
        }
    }

    /** True when the value cannot be meant as a path: several lines or a PEM armour line. */
    public boolean looksLikeContent() {
        return text.contains("\n") || text.contains("-----BEGIN");
    }

    /**
     * The bytes: the file's content for a path, else the text itself.
     *
     * @throws IOException with a one-line message naming the file and why it cannot be read
     */
    public byte[] read() throws IOException {
        if (!isPath()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        Path file = Path.of(text);
        if (!Files.isRegularFile(file)) {
            throw new IOException("file " + text + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new IOException("file " + text + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return content;
        } catch (AccessDeniedException e) {
            throw new IOException("file " + text + " cannot be read: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new IOException("file " + text + " disappeared while being read", e);
        }
    }

    /**
     * How problems show the value: a path or a one-line value as is, PEM content by its size only (a private key
     * never reaches a log line, and a certificate does not flood one).
     */
    public String shown() {
        return looksLikeContent() ? "PEM content (" + text.length() + " characters)" : text;
    }
}
