package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.DockerSourceException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the Docker engine listens: {@code unix:///var/run/docker.sock} or {@code tcp://host:port}, the latter
 * optionally with TLS client certificates from a directory holding {@code ca.pem}, {@code cert.pem} and
 * {@code key.pem} (Docker's {@code DOCKER_CERT_PATH} convention).
 */
public record DockerEndpoint(URI uri, Optional<Path> tlsCertDir) {
    /** The files a TLS certificate directory must hold. */
    public static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    public DockerEndpoint {
        requireNonNull(uri, "uri");
        requireNonNull(tlsCertDir, "tlsCertDir");
        String scheme = uri.getScheme();
        if ("unix".equals(scheme)) {
            if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
                throw invalid(uri + " (expected: unix:///path/to/docker.sock)");
            }
            if (tlsCertDir.isPresent()) {
                throw invalid(uri + " with TLS directory " + tlsCertDir.get() + " (expected: TLS only with tcp://HOST:PORT)");
            }
        } else if ("tcp".equals(scheme)) {
            if (uri.getHost() == null || uri.getPort() < 1
                    || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
                throw invalid(uri + " (expected: tcp://HOST:PORT)");
            }
        } else {
            throw invalid(uri + " (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)");
        }
    }

    /** Parses a plain endpoint, without TLS. */
    public static DockerEndpoint parse(String endpoint) {
        return parse(endpoint, Optional.empty());
    }

    /**
     * Parses an endpoint; with a TLS directory the directory must exist and hold {@link #TLS_FILES}.
     *
     * @throws DockerSourceException of kind {@link Kind#INVALID_ENDPOINT} naming the value and what was expected
     */
    public static DockerEndpoint parse(String endpoint, Optional<Path> tlsCertDir) {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(tlsCertDir, "tlsCertDir");
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw invalid(endpoint + " (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)");
        }
        tlsCertDir.ifPresent(DockerEndpoint::requireTlsFiles);
        return new DockerEndpoint(uri, tlsCertDir);
    }

    public boolean isTls() {
        return tlsCertDir.isPresent();
    }

    @Override
    public String toString() {
        return uri + tlsCertDir.map(dir -> " (TLS from " + dir + ")").orElse("");
    }

    private static void requireTlsFiles(Path dir) {
        List<String> missing = TLS_FILES.stream().filter(file -> !Files.isReadable(dir.resolve(file))).toList();
        if (!missing.isEmpty()) {
            throw invalid("TLS directory " + dir + ": missing " + String.join(", ", missing)
                    + " (expected: readable " + String.join(", ", TLS_FILES) + ")");
        }
    }

    private static DockerSourceException invalid(String detail) {
        return new DockerSourceException(Kind.INVALID_ENDPOINT, "docker endpoint: " + detail);
    }
}
