package io.kvroute.proxy.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.TcpHealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Probes one TCP server as Traefik's TCP health checker does ({@code pkg/healthcheck/healthcheck_tcp.go}), on the
 * checker's I/O thread with XNIO's non-blocking sockets: each probe dials the server (at the check's {@code port} when
 * set), writes {@code send} if set, reads as many bytes as {@code expect} has and compares them, if set, and closes the
 * connection; the whole probe runs within {@code timeout}. Traefik compares what one read returned; this prober
 * reads until it has that many bytes or the server closes, so an answer split over packets passes too.
 */
final class TcpProber implements Prober {
    private final ProbeTransport transport;
    private final Clock clock;
    private final String host;
    private final int port;
    private final byte[] send;
    private final byte[] expect;
    private final Duration timeout;
    /** The probe in flight, if any; confined to the I/O thread. */
    private Attempt current;
    private boolean closed;

    private TcpProber(ProbeTransport transport, Clock clock, String host, int port, TcpHealthCheck check) {
        this.transport = requireNonNull(transport, "transport");
        this.clock = requireNonNull(clock, "clock");
        this.host = requireNonNull(host, "host");
        this.port = port;
        this.send = check.send().getBytes(UTF_8);
        this.expect = check.expect().getBytes(UTF_8);
        this.timeout = check.timeout();
    }

    /** The prober of {@code target}, a {@link ProbeTarget#tcp} target, with {@code check}. */
    static TcpProber of(ProbeTarget target, TcpHealthCheck check, ProbeTransport transport, Clock clock) {
        HostAndPort address = HostAndPort.fromString(target.url().substring(target.url().indexOf("://") + 3));
        return new TcpProber(transport, clock, address.getHost(), check.port().orElse(address.getPort()), check);
    }

    @Override
    public void probe(Consumer<ProbeResult> done) {
        current = new Attempt(requireNonNull(done, "done"));
        current.start();
    }

    @Override
    public void close() {
        closed = true;
        if (current != null) {
            current.abandon();
            current = null;
        }
    }

    /** One probe: connect, send, read, compare; ended once by its result, its timeout or the prober's close. */
    private final class Attempt {
        private final Consumer<ProbeResult> done;
        private final Instant at = clock.instant();
        private final long startedNanos = System.nanoTime();
        private IoFuture<StreamConnection> connecting;
        private XnioExecutor.Key timer;
        private StreamConnection connection;
        private ByteBuffer out;
        private ByteBuffer in;
        private boolean ended;

        Attempt(Consumer<ProbeResult> done) {
            this.done = done;
        }

        void start() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                fail("connect failed: unknown host " + host);
                return;
            }
            timer = transport.schedule(() -> fail("timed out after " + GoDuration.format(timeout)),
                    Math.max(1, timeout.toNanos()));
            connecting = transport.openStream(address);
            connecting.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
                @Override
                public void handleDone(StreamConnection opened, Void attachment) {
                    connected(opened);
                }

                @Override
                public void handleFailed(IOException exception, Void attachment) {
                    fail(ProbeFailures.describe(exception));
                }
            }, null);
        }

        private void connected(StreamConnection opened) {
            if (ended) {
                IoUtils.safeClose(opened);
                return;
            }
            connection = opened;
            if (send.length > 0) {
                out = ByteBuffer.wrap(send);
                ConduitStreamSinkChannel sink = connection.getSinkChannel();
                sink.getWriteSetter().set(channel -> write());
                write();
            } else {
                sent();
            }
        }

        private void write() {
            ConduitStreamSinkChannel sink = connection.getSinkChannel();
            try {
                while (out.hasRemaining()) {
                    if (sink.write(out) == 0) {
                        sink.resumeWrites();
                        return;
                    }
                }
                if (!sink.flush()) {
                    sink.resumeWrites();
                    return;
                }
                sink.suspendWrites();
            } catch (IOException e) {
                fail("sending to " + host + ":" + port + ": " + ProbeFailures.describe(e));
                return;
            }
            sent();
        }

        private void sent() {
            if (expect.length == 0) {
                pass();
                return;
            }
            in = ByteBuffer.allocate(expect.length);
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            source.getReadSetter().set(channel -> read());
            read();
        }

        private void read() {
            if (ended) {
                return;
            }
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            try {
                while (in.hasRemaining()) {
                    int read = source.read(in);
                    if (read < 0) {
                        fail("connection closed after " + in.position() + " of the " + expect.length
                                + " bytes expected");
                        return;
                    }
                    if (read == 0) {
                        source.resumeReads();
                        return;
                    }
                }
            } catch (IOException e) {
                fail("reading from " + host + ":" + port + ": " + ProbeFailures.describe(e));
                return;
            }
            source.suspendReads();
            if (Arrays.equals(in.array(), expect)) {
                pass();
            } else {
                fail("unexpected answer \"" + new String(in.array(), UTF_8) + "\" (expected \""
                        + new String(expect, UTF_8) + "\")");
            }
        }

        private void pass() {
            end(ProbeResult.answered(at, elapsed()));
        }

        private void fail(String error) {
            end(ProbeResult.failed(at, OptionalInt.empty(), error, elapsed()));
        }

        private Duration elapsed() {
            return Duration.ofNanos(Math.max(0, System.nanoTime() - startedNanos));
        }

        private void end(ProbeResult result) {
            if (ended) {
                return;
            }
            abandon();
            if (!closed) {
                done.accept(result);
            }
        }

        /** Ends the attempt untold: the timer, the connect under way and the connection go. */
        void abandon() {
            ended = true;
            if (timer != null) {
                timer.remove();
            }
            if (connecting != null && connecting.getStatus() == IoFuture.Status.WAITING) {
                connecting.cancel();
            }
            IoUtils.safeClose(connection);
        }
    }
}
