package io.kvroute.kv.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Locale;

/**
 * A listener that cannot be bound, said in one line naming its flag with the address and what to do, e.g.
 * {@code --entrypoints.web.address=:80: cannot listen: permission denied (expected: ...)}. A runtime failure: the
 * flags were well-formed, the machine refused them ({@link CliErrors} exits 1).
 */
public final class CannotListen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param flag    the flag that sets the address, e.g. {@code --web.address}
     * @param address the address that could not be bound
     * @param failure what binding threw (the socket error is looked for along its causes)
     */
    public CannotListen(String flag, InetSocketAddress address, Throwable failure) {
        super(requireNonNull(flag, "flag") + "=" + text(requireNonNull(address, "address")) + ": cannot listen: "
                + reason(requireNonNull(failure, "failure")), failure);
    }

    /** {@code :PORT} for every address, as the flags spell it; else {@code HOST:PORT} ({@code [::1]:PORT}). */
    static String text(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return ":" + address.getPort();
        }
        String host = address.getHostString();
        if (InetAddresses.isInetAddress(host)) {
            host = InetAddresses.toAddrString(InetAddresses.forString(host));
        }
        return HostAndPort.fromParts(host, address.getPort()).toString();
    }

    private static String reason(Throwable failure) {
        String error = Throwables.getCausalChain(failure).stream()
                .filter(cause -> cause instanceof SocketException && cause.getMessage() != null)
                .map(Throwable::getMessage).findFirst().orElse(String.valueOf(failure.getMessage()))
                .toLowerCase(Locale.ROOT);
        if (error.contains("address already in use")) {
            return "address already in use (expected: a free port; stop what listens there or choose another port)";
        }
        if (error.contains("permission denied")) {
            return "permission denied (expected: a port from 1024 up such as :8000, or root or "
                    + "CAP_NET_BIND_SERVICE for ports below 1024)";
        }
        if (error.contains("cannot assign requested address")) {
            return "not an address of this host (expected: an address of this host, or :PORT for every address)";
        }
        return error;
    }
}
