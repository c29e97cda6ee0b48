package io.kvroute.proxy.health;

import io.kvroute.kv.model.HealthCheck;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Probes one server, on the checker's I/O thread, one probe at a time: over HTTP ({@link ServerProber}) or over TCP
 * ({@link TcpProber}), as its target says.
 */
interface Prober extends AutoCloseable {
    /** The prober of {@code target} with {@code spec}, its health check. */
    static Prober of(ProbeTarget target, HealthCheck spec, ProbeTransport transport,
            Clock clock) {
        return target.tcpCheck().<Prober>map(check -> TcpProber.of(target, check, transport, clock))
                .orElseGet(() -> ServerProber.of(target, spec, transport, clock));
    }

    /** Sends one probe; {@code done} is told its result exactly once, on the I/O thread. */
    void probe(Consumer<ProbeResult> done);

    /** Stops probing and closes its connections; a result still arriving is the checker's to drop. */
    @Override
    void close();
}
