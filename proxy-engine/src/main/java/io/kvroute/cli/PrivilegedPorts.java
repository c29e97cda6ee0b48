package io.kvroute.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether this process may listen on ports below 1024, as Linux decides it: with the capability
 * {@code CAP_NET_BIND_SERVICE} in effect (root has it, as has a service given it by systemd's
 * {@code AmbientCapabilities}), or when {@code net.ipv4.ip_unprivileged_port_start} lets everybody (as in most
 * container runtimes). Without {@code /proc}, only the user {@code root} is taken to.
 */
final class PrivilegedPorts {
    /** The capability's bit in {@code CapEff}. */
    private static final int CAP_NET_BIND_SERVICE = 10;
    /** More than {@code /proc/self/status} holds. */
    private static final int PROC_FILE_BYTES = 64 * 1024;
    private static final Pattern EFFECTIVE = Pattern.compile("^CapEff:\\s*([0-9a-fA-F]+)$", Pattern.MULTILINE);

    private PrivilegedPorts() {
    }

    /** Whether this process may bind {@code port}. */
    static boolean mayBind(int port) {
        return mayBind(port, read(Path.of("/proc/self/status")),
                read(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")), System.getProperty("user.name"));
    }

    /**
     * @param status                {@code /proc/self/status}, when readable
     * @param unprivilegedPortStart {@code /proc/sys/net/ipv4/ip_unprivileged_port_start}, when readable
     * @param user                  the user name, asked only without {@code status}
     */
    static boolean mayBind(int port, Optional<String> status, Optional<String> unprivilegedPortStart, String user) {
        int firstUnprivileged = unprivilegedPortStart.map(String::trim).filter(text -> text.matches("[0-9]{1,5}"))
                .map(Integer::parseInt).orElse(1024);
        if (port >= firstUnprivileged) {
            return true;
        }
        if (status.isEmpty()) {
            return "root".equals(user);
        }
        Matcher effective = EFFECTIVE.matcher(status.get());
        return effective.find() && new BigInteger(effective.group(1), 16).testBit(CAP_NET_BIND_SERVICE);
    }

    /**
     * The file's text, read from its start in one go: a sysctl file answers a read at an offset past 0 with nothing,
     * so {@code Files.readString}, which reads the first byte on its own, would see {@code 1} of {@code 1024}.
     */
    private static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(PROC_FILE_BYTES), StandardCharsets.US_ASCII));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
