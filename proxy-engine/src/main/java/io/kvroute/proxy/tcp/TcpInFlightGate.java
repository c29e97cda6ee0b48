package io.kvroute.proxy.tcp;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * TCP {@code inFlightConn}: at most {@code amount} open connections per client address, as Traefik counts them
 * (its remote IP); one more is closed at once (an amount of 0 lets none in, as in Traefik). Kept across configuration changes while its settings stay the same,
 * so the count of open connections survives a rebuild.
 */
final class TcpInFlightGate implements TcpGate {
    private final String name;
    private final long amount;
    private final ConcurrentMap<InetAddress, Long> open = new ConcurrentHashMap<>();

    TcpInFlightGate(String name, long amount) {
        this.name = name;
        this.amount = amount;
    }

    @Override
    public boolean enter(InetAddress client) {
        boolean[] admitted = new boolean[1];
        open.compute(client, (address, count) -> {
            long now = count == null ? 0 : count;
            admitted[0] = now < amount;
            return admitted[0] ? now + 1 : count;
        });
        return admitted[0];
    }

    @Override
    public void leave(InetAddress client) {
        open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }

    long amount() {
        return amount;
    }

    @Override
    public String refusal() {
        return "client has " + amount + " connections open already (middleware " + name + ")";
    }
}
