package io.kvroute.agent.testing;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code busybox httpd -f -p 127.0.0.1:<port> -h /www} container on the host network, as
 * {@link DockerdExtension#startHttpd} runs it. Immutable; the {@code with...} methods return changed copies.
 *
 * @param namePrefix  the container name's prefix; a random suffix keeps names unique
 * @param port        the loopback port httpd listens on
 * @param labels      container labels
 * @param env         container environment
 * @param healthcheck the Docker HEALTHCHECK to give the container
 */
public record HttpdSpec(String namePrefix, int port, Map<String, String> labels, Map<String, String> env, Healthcheck healthcheck) {
    /** The Docker HEALTHCHECK variants the fixture offers. */
    public enum Healthcheck {
        /** No health check: Docker reports no health status. */
        NONE,
        /**
         * {@code test -f /tmp/ready} every 200 ms with a 60 s start period: the container stays {@code starting}
         * until {@link DockerdExtension#markReady} creates the file, then turns {@code healthy}.
         */
        READY_FILE,
        /** {@code wget} of the container's own page every 500 ms: healthy as soon as httpd answers. */
        HTTP
    }

    public HttpdSpec {
        requireNonNull(namePrefix, "namePrefix");
        if (!namePrefix.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("namePrefix: " + namePrefix + " (expected: [a-z0-9][a-z0-9-]*)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        labels = Map.copyOf(requireNonNull(labels, "labels"));
        env = Map.copyOf(requireNonNull(env, "env"));
        requireNonNull(healthcheck, "healthcheck");
    }

    /** A container without labels, env or health check. */
    public static HttpdSpec httpd(String namePrefix, int port) {
        return new HttpdSpec(namePrefix, port, Map.of(), Map.of(), Healthcheck.NONE);
    }

    public HttpdSpec withLabel(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return new HttpdSpec(namePrefix, port, copy, env, healthcheck);
    }

    public HttpdSpec withEnv(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put(key, value);
        return new HttpdSpec(namePrefix, port, labels, copy, healthcheck);
    }

    public HttpdSpec withHealthcheck(Healthcheck check) {
        return new HttpdSpec(namePrefix, port, labels, env, check);
    }
}
