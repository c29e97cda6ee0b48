package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.IpRange;
import java.net.InetAddress;
import java.util.List;

/**
 * Whose {@code X-Forwarded-*} and {@code X-Real-Ip} headers an entry point keeps (Traefik's {@code forwardedHeaders}):
 * by default nobody's, so a client can never choose the address or scheme an origin sees; with {@code insecure}
 * everybody's; otherwise those of clients in {@code trustedIPs} (another proxy in front of this one).
 */
public record ForwardedHeadersTrust(boolean insecure, List<IpRange> trustedIPs) {
    /** Trust no client's forwarding headers. */
    public static final ForwardedHeadersTrust NONE = new ForwardedHeadersTrust(false, List.of());

    public ForwardedHeadersTrust {
        trustedIPs = List.copyOf(requireNonNull(trustedIPs, "trustedIPs"));
    }

    /** Whether the forwarding headers sent by {@code client} (null when unknown) are kept. */
    public boolean trusts(InetAddress client) {
        if (insecure) {
            return true;
        }
        if (client != null) {
            for (int i = 0; i < trustedIPs.size(); i++) {
                if (trustedIPs.get(i).contains(client)) {
                    return true;
                }
            }
        }
        return false;
    }
}
