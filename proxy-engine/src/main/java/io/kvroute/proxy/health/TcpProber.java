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
 * that many bytes or the server closes, so an answer split over packets passes too. It writes and reads at once (the
 * bytes read are the same as Traefik's, who reads once it has written): a TLS handshake goes on with both.
 */
final class TcpProber implements Prober {
    /** How much of what a TLS server sends beyond {@code expect} is read at once, to be dropped. */
    private static final int DROPPED_BYTES = 512;
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
        /** What is left of {@code send} to write. */
        private ByteBuffer out;
        /** The answer read so far, as long as {@code expect}. */
        private ByteBuffer in;
        /** Where what the server sends beyond {@code expect} is read to, while a TLS handshake ends. */
        private ByteBuffer drop;
        private boolean sent;
        private boolean received;
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
                } catch (RuntimeException e) {
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
            out = ByteBuffer.wrap(send);
            in = ByteBuffer.allocate(expect.length);
            connection.getSinkChannel().getWriteSetter().set(channel -> step());
            connection.getSourceChannel().getReadSetter().set(channel -> step());
            step();
        }

        /**
         * One turn of the probe, run on connect and whenever the connection can be written or read: writes what is
         * left of {@code send}, reads what the probe still needs, and gives the verdict once both are done. Both
         * directions are driven from the start, as a TLS handshake needs: Undertow's SSL conduit may keep the server's
         * last handshake records in its own buffer, flagged as nothing left to unwrap (it tried them while the engine
         * wanted to wrap, once a delegated task ended: a resumed TLS 1.3 session's flight comes in one read), and
         * wait for the socket to become readable, which it never does once the server has sent its whole flight; it
         * wakes a resumed read listener then, not a write listener alone.
         */
        private void step() {
            if (ended) {
                return;
            }
            try {
                sent = sent || send();
            } catch (IOException e) {
                fail("sending to " + host + ":" + port + ": " + describe(e));
                return;
            }
            try {
                received = received || receive();
            } catch (IOException e) {
                fail("reading from " + host + ":" + port + ": " + describe(e));
                return;
            }
            if (ended || !sent || !received) {
                return;
            }
            if (Arrays.equals(in.array(), expect)) {
                pass();
            } else {
                fail("unexpected answer \"" + new String(in.array(), UTF_8) + "\" (expected \""
                        + new String(expect, UTF_8) + "\")");
            }
        }

        /** Writes what is left of {@code send} and flushes it; whether all of it went out. */
        private boolean send() throws IOException {
            ConduitStreamSinkChannel sink = connection.getSinkChannel();
            while (out.hasRemaining()) {
                if (sink.write(out) == 0) {
                    sink.resumeWrites();
                    return false;
                }
            }
            if (!sink.flush()) {
                sink.resumeWrites();
                return false;
            }
            sink.suspendWrites();
            return true;
        }

        /**
         * Reads what the probe needs: as many bytes as {@code expect} has, and on a TLS connection at least to the
         * end of its handshake (what a connect-only probe's TLS server may send is dropped); whether it has. Fails
         * the probe if the server closes the connection first.
         */
        private boolean receive() throws IOException {
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            while (!hasReceived()) {
                int read = source.read(in.hasRemaining() ? in : dropped());
                if (read < 0) {
                    fail(handshakeFailure().orElse(in.capacity() == 0 ? "connection closed during the TLS handshake"
                            : "connection closed after " + in.position() + " of the " + expect.length
                                    + " bytes expected"));
                    return false;
                }
                if (read == 0 && !hasReceived()) {
                    source.resumeReads();
                    return false;
                }
            }
            source.suspendReads();
            return true;
        }

        private boolean hasReceived() {
            return !in.hasRemaining() && (secured == null || TlsToServer.handshaken(secured));
        }

        /** A buffer for what the server sends beyond {@code expect} while the TLS handshake ends, emptied. */
        private ByteBuffer dropped() {
            if (drop == null) {
                drop = ByteBuffer.allocate(DROPPED_BYTES);
            }
            return drop.clear();
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
