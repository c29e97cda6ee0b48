package io.kvroute.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the multi-host test needs from the machine: root (to make network namespaces) and Debian's {@code ip}
 * (iproute2), {@code etcd} and {@code etcdctl} (etcd-server, etcd-client), {@code curl}, {@code busybox}
 * (busybox-static); for node1's Docker engine also {@code dockerd}, {@code docker} (docker.io) and {@code nsenter}
 * (util-linux). Missing pieces fail the test when {@code CI=true} and skip it loudly otherwise.
 */
final class Prerequisites {
    static final List<String> HOST_PROGRAMS = List.of("ip", "etcd", "etcdctl", "curl", "busybox");
    static final List<String> DOCKER_PROGRAMS = List.of("dockerd", "docker", "nsenter");

    private Prerequisites() {
    }

    /** Fails (CI) or aborts unless the test runs as root with every program of {@link #HOST_PROGRAMS}. */
    static void requireHosts() {
        requireRootWith("the multi-host test", HOST_PROGRAMS,
                "scripts/test installs iproute2, etcd-server, etcd-client, curl and busybox-static as root");
    }

    /** Fails (CI) or aborts {@code what} unless the test runs as root with every program of {@code programs}. */
    static void requireRootWith(String what, List<String> programs, String installHint) {
        List<String> missing = new ArrayList<>(missingPrograms(programs));
        String user = ProcessHandle.current().info().user().orElse("?");
        if (!user.equals("root")) {
            missing.add(0, "root (running as " + user + ")");
        }
        if (!missing.isEmpty()) {
            unavailable(what, "needs " + String.join(", ", missing) + "; " + installHint);
        }
    }

    /** Fails (CI) or aborts the Docker part unless every program of {@link #DOCKER_PROGRAMS} is there. */
    static void requireDocker() {
        List<String> missing = missingPrograms(DOCKER_PROGRAMS);
        if (!missing.isEmpty()) {
            unavailable("node1's Docker engine", "needs " + String.join(", ", missing)
                    + "; scripts/test installs docker.io as root");
        }
    }

    /** True when every program of {@link #DOCKER_PROGRAMS} is on the PATH. */
    static boolean dockerAvailable() {
        return missingPrograms(DOCKER_PROGRAMS).isEmpty();
    }

    /** The programs of {@code names} found neither on PATH nor in /usr/sbin and /sbin. */
    static List<String> missingPrograms(List<String> names) {
        return names.stream().filter(name -> locate(name).isEmpty()).toList();
    }

    /** The executable {@code name} on PATH or in /usr/sbin, /sbin. */
    static Optional<Path> locate(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(Optional.ofNullable(System.getenv("PATH")).orElse("")
                .split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)).filter(Files::isExecutable)
                .findFirst();
    }

    private static void unavailable(String what, String reason) {
        String message = what + " " + reason;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: failing instead of skipping)");
        }
        System.err.println("!!! SKIPPED: " + message + " !!!");
        Assumptions.abort(message);
    }
}
