package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the {@code --web} listener runs: where it listens and who may use it ({@code user:hash} entries from
 * {@code --web.auth.basic} and/or an htpasswd file from {@code --web.auth.usersfile}). Without users it only accepts
 * a loopback address.
 */
public record WebOptions(InetSocketAddress address, List<String> users, Optional<Path> usersFile) {
    public WebOptions {
        requireNonNull(address, "address");
        users = List.copyOf(requireNonNull(users, "users"));
        requireNonNull(usersFile, "usersFile");
        if (users.isEmpty() && usersFile.isEmpty() && !isLoopback(address)) {
            throw new IllegalArgumentException("--web.address: " + address.getHostString() + ":" + address.getPort()
                    + " is reachable beyond this machine and no user is configured (expected: a loopback address"
                    + " such as 127.0.0.1:8080, or --web.auth.basic=USER:HASH or --web.auth.usersfile=FILE)");
        }
    }

    /** Listens on {@code address} without auth (loopback only). */
    public static WebOptions open(InetSocketAddress address) {
        return new WebOptions(address, List.of(), Optional.empty());
    }

    /** True when requests must carry basic auth credentials. */
    public boolean requiresAuth() {
        return !users.isEmpty() || usersFile.isPresent();
    }

    private static boolean isLoopback(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }
}
