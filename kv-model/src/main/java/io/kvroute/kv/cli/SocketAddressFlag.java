package io.kvroute.kv.cli;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;

/** Reads {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (every address) flag values. */
public final class SocketAddressFlag {
    private SocketAddressFlag() {
    }

    /**
     * @throws IllegalArgumentException naming {@code flag}, the value and what was expected
     */
    public static InetSocketAddress parse(String flag, String value) {
        String text = value.trim();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (colon < 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535
                || host.contains(":") && !InetAddresses.isInetAddress(host)) {
            throw new IllegalArgumentException(flag + ": '" + value
                    + "' (expected [HOST]:PORT such as 127.0.0.1:8080, or :PORT for every address)");
        }
        return host.isEmpty() ? new InetSocketAddress(Integer.parseInt(port))
                : new InetSocketAddress(host, Integer.parseInt(port));
    }
}
