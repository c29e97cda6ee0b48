package io.kvroute.proxy.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.TcpHealthCheck;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.TlsToServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.ssl.SslConnection;

/**
 * Probes one TCP server as Traefik's TCP health checker does ({@code pkg/healthcheck/healthcheck_tcp.go}), on the
 * checker's I/O thread with XNIO's non-blocking sockets: each probe dials the server (at the check's {@code port} when
 * set), writes {@code send} if set, reads as many bytes as {@code expect} has and compares them, if set, and closes the
 * connection; the whole probe runs within {@code timeout}. A server with {@code tls} is probed in TLS with its servers
 * transport's {@code tls}, as Traefik dials the probe through the server's own dialer: the handshake is part of the
 * probe (a connect-only check passes once it completes; a refused one fails the probe with its reason), and
 * {@code send} and {@code expect} go over TLS. Traefik compares what one read returned; this prober reads until it has
 * that many bytes or the server closes, so an answer split over packets passes too.
 */
final class TcpProber implements Prober {
    private final ProbeTransport transport;
    private final Clock clock;
    private final String host;
    private final int port;
    private final byte[] send;
    private final byte[] expect;
    private final Duration timeout;
    /** The transport's TLS when the server is dialled in TLS, else empty. */
    private final Optional<ServerTls> serverTls;
    /** The probes' TLS, taken from the transport on the first probe in TLS; released on close. */
    private ProbeTls tls;
    /** The probe in flight, if any; confined to the I/O thread. */
    private Attempt current;
    private boolean closed;

    private TcpProber(ProbeTransport transport, Clock clock, String host, int port, TcpHealthCheck check,
            Optional<ServerTls> serverTls) {
        this.transport = requireNonNull(transport, "transport");
        this.clock = requireNonNull(clock, "clock");
        this.host = requireNonNull(host, "host");
        this.port = port;
        this.send = check.send().getBytes(UTF_8);
        this.expect = check.expect().getBytes(UTF_8);
        this.timeout = check.timeout();
        this.serverTls = serverTls;
    }

    /** The prober of {@code target}, a {@link ProbeTarget#tcp} target, with {@code check}. */
    static TcpProber of(ProbeTarget target, TcpHealthCheck check, ProbeTransport transport, Clock clock) {
        HostAndPort address = HostAndPort.fromString(target.url().substring(target.url().indexOf("://") + 3));
        return new TcpProber(transport, clock, address.getHost(), check.port().orElse(address.getPort()), check,
                target.tcpOverTls() ? Optional.of(target.tls()) : Optional.empty());
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
        if (tls != null) {
            tls = null;
            transport.release(serverTls.orElseThrow());
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
        /** The connection in TLS, when the server is dialled in TLS. */
        private SslConnection secured;
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
            if (serverTls.isPresent() && tls == null) {
                try {
                    tls = transport.use(serverTls.get());
                } catch (GeneralSecurityException | RuntimeException e) {
                    fail("no TLS for the probe: " + e.getMessage());
                    return;
                }
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
            if (tls != null) {
                try {
                    secured = tls.wrap(opened);
                } catch (IOException | RuntimeException e) {
                    fail("TLS to " + host + ":" + port + ": " + e.getMessage());
                    return;
                }
                connection = secured;
            }
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
                fail("sending to " + host + ":" + port + ": " + describe(e));
                return;
            }
            sent();
        }

        private void sent() {
            if (expect.length == 0) {
                if (secured == null || TlsToServer.handshaken(secured)) {
                    pass();
                } else {
                    awaitHandshake();
                }
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
                        fail(handshakeFailure().orElse("connection closed after " + in.position() + " of the "
                                + expect.length + " bytes expected"));
                        return;
                    }
                    if (read == 0) {
                        source.resumeReads();
                        return;
                    }
                }
            } catch (IOException e) {
                fail("reading from " + host + ":" + port + ": " + describe(e));
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

        /**
         * Drives the TLS handshake of a connect-only probe to its end: the handshake's records go out with the
         * sink's flushes and come in with the source's reads; it passes once the handshake completes.
         */
        private void awaitHandshake() {
            in = ByteBuffer.allocate(1);
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            source.getReadSetter().set(channel -> drive());
            ConduitStreamSinkChannel sink = connection.getSinkChannel();
            sink.getWriteSetter().set(channel -> drive());
            drive();
        }

        private void drive() {
            if (ended) {
                return;
            }
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            ConduitStreamSinkChannel sink = connection.getSinkChannel();
            try {
                if (sink.flush()) {
                    sink.suspendWrites();
                } else {
                    sink.resumeWrites();
                }
                in.clear();
                int read = source.read(in);
                if (TlsToServer.handshaken(secured)) {
                    pass();
                } else if (read < 0) {
                    fail(handshakeFailure().orElse("connection closed during the TLS handshake"));
                } else {
                    source.resumeReads();
                }
            } catch (IOException e) {
                fail("connecting in TLS to " + host + ":" + port + ": " + describe(e));
            }
        }

        /** What {@code e} says, or, when the TLS handshake failed, why it did. */
        private String describe(IOException e) {
            return handshakeFailure().orElseGet(() -> ProbeFailures.describe(e));
        }

        /** Why the TLS handshake failed, when the server is dialled in TLS and it did. */
        private Optional<String> handshakeFailure() {
            return secured == null ? Optional.empty()
                    : tls.failure(secured).map(reason -> "TLS handshake failed: " + reason);
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
