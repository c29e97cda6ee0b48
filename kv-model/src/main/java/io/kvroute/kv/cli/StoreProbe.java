package io.kvroute.kv.cli;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A plain TCP connect to each store endpoint before the first call, so that a store that is not running is reported
 * at once as {@code connection refused at HOST:PORT} instead of as a timeout of the first call (the etcd client waits
 * for a connection until the call's deadline). Endpoints that accept, or do not answer within a second, are left to
 * the store client: a real timeout is still reported as one.
 */
public final class StoreProbe {
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(1);

    private StoreProbe() {
    }

    /**
     * One line saying why no endpoint of {@code settings} can be reached, when every one refused the connection or
     * names an unknown host; empty when one may answer (or the store is in-process).
     */
    public static Optional<String> unreachable(StoreSettings settings) {
        if (settings.type() == StoreSettings.Type.MEMORY) {
            return Optional.empty();
        }
        int wait = (int) Math.min(CONNECT_WAIT.toMillis(), Math.max(1, settings.requestTimeout().toMillis()));
        List<String> failures = new ArrayList<>();
        for (String endpoint : settings.endpoints()) {
            Optional<String> failure = refusal(endpoint, wait);
            if (failure.isEmpty()) {
                return Optional.empty();
            }
            failures.add(failure.get());
        }
        String store = settings.type().name().toLowerCase(Locale.ROOT);
        return Optional.of(store + ": " + String.join(", ", failures) + " (is " + store
                + " running there? start it, or give its address in --" + store + ".endpoint)");
    }

    /**
     * For the commands that wait out an unreachable store: prints one warning line on {@code spec}'s stderr when
     * {@link #unreachable} finds no endpoint to connect to, ending with what the command does {@code meanwhile}.
     *
     * @return whether it warned
     */
    public static boolean warnIfUnreachable(CommandSpec spec, StoreSettings settings, String meanwhile) {
        Optional<String> problem = unreachable(settings);
        problem.ifPresent(text -> {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + text + "; " + meanwhile);
            spec.commandLine().getErr().flush();
        });
        return problem.isPresent();
    }

    /** Why {@code endpoint} refuses connections, or empty when it accepted, timed out or is not HOST:PORT. */
    private static Optional<String> refusal(String endpoint, int waitMillis) {
        HostAndPort hostAndPort;
        try {
            hostAndPort = HostAndPort.fromString(endpoint.replaceFirst("^[A-Za-z]+://", ""));
        } catch (IllegalArgumentException notHostAndPort) {
            return Optional.empty();
        }
        if (!hostAndPort.hasPort()) {
            return Optional.empty();
        }
        InetSocketAddress address = new InetSocketAddress(hostAndPort.getHost(), hostAndPort.getPort());
        if (address.isUnresolved()) {
            return Optional.of("unknown host " + hostAndPort);
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, waitMillis);
            return Optional.empty();
        } catch (ConnectException refused) {
            return Optional.of("connection refused at " + hostAndPort);
        } catch (IOException timedOutOrOther) {
            return Optional.empty();
        }
    }
}
