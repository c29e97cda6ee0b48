package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.xnio.ChannelListeners;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One probe of one server, on the checker's I/O thread: takes the server's connection from its {@link ServerProber}
 * (or a connection of its own for a redirect to another origin), sends the request, reads the status, drains the
 * body so the connection stays reusable, follows redirects when the spec says so ({@link ProbeRedirects}) and
 * reports exactly one {@link ProbeResult}.
 *
 * <p>The spec's timeout covers the whole exchange, connect and redirects included: when it fires, the connection
 * in use is closed (nothing stays open for a server that never answers; a late answer is ignored). A kept-alive
 * connection that fails before any answer arrived is retried once on a new connection within the same timeout, as
 * Traefik's Go client retries a broken idle connection: a connection the server closed while idle costs no failed
 * probe, and a dead server still fails, because the new connect fails.
 */
final class ProbeExchange implements ServerProber.ConnectionListener {
    /** A body larger than this is not drained; its connection is closed instead of kept. */
    static final long MAX_DRAINED_BYTES = 256 * 1024;
    /**
     * Timers run before the I/O of the same round: when the timeout fires, one more millisecond lets an answer that
     * is already waiting be read, so a checker thread that was held up does not blame servers that answered in time.
     */
    private static final long TIMEOUT_GRACE_NANOS = 1_000_000;

    private final ServerProber server;
    private final Consumer<ProbeResult> done;
    private final Instant at;
    private final long started;
    private XnioExecutor.Key timeout;
    private boolean timeoutDeferred;
    private ProbeRequest request;
    private int redirects;
    private boolean retried;
    /** Grows with each connection asked for, so callbacks of an abandoned attempt are recognised and dropped. */
    private int attempt;
    private ClientConnection connection;
    private boolean reused;
    private boolean ownConnection;
    private boolean connectingOwn;
    private boolean finished;

    private ProbeExchange(ServerProber server, ProbeRequest request, Consumer<ProbeResult> done) {
        this.server = server;
        this.request = request;
        this.done = requireNonNull(done, "done");
        this.at = server.clock().instant();
        this.started = System.nanoTime();
        this.timeout = server.transport().schedule(this::timedOut, request.timeout().toNanos());
    }

    static void start(ServerProber server, ProbeRequest request, Consumer<ProbeResult> done) {
        new ProbeExchange(server, request, done).connect();
    }

    private void connect() {
        attempt++;
        connection = null;
        if (server.serves(request)) {
            ownConnection = false;
            server.acquire(this);
            return;
        }
        ownConnection = true;
        connectingOwn = true;
        int current = attempt;
        server.connect(request.origin(), new ClientCallback<>() {
            @Override
            public void completed(ClientConnection opened) {
                connectingOwn = false;
                if (current != attempt || finished) {
                    ServerProber.abort(opened);
                } else {
                    connected(opened, false);
                }
            }

            @Override
            public void failed(IOException failure) {
                connectingOwn = false;
                if (current == attempt && !finished) {
                    ProbeExchange.this.failed(failure);
                }
            }
        });
    }

    @Override
    public void connected(ClientConnection opened, boolean wasKept) {
        if (finished) {
            release(opened);
            return;
        }
        connection = opened;
        reused = wasKept;
        int current = attempt;
        opened.sendRequest(wire(request), new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                if (request.grpc()) {
                    writeGrpcRequest(exchange.getRequestChannel(), GrpcHealthAnswer.request(), current);
                }
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange answered) {
                        if (current == attempt && !finished) {
                            int status = answered.getResponse().getResponseCode();
                            String location = answered.getResponse().getResponseHeaders().getFirst(Headers.LOCATION);
                            drain(answered, current, status, location, 0,
                                    request.grpc() ? new ByteArrayOutputStream() : null);
                        }
                    }

                    @Override
                    public void failed(IOException failure) {
                        broken(current, failure);
                    }
                });
            }

            @Override
            public void failed(IOException failure) {
                broken(current, failure);
            }
        });
    }

    /** Writes the gRPC request's one frame and ends the request, resuming when the stream cannot take it yet. */
    private void writeGrpcRequest(StreamSinkChannel channel, ByteBuffer frame, int current) {
        try {
            while (frame.hasRemaining()) {
                if (channel.write(frame) == 0) {
                    channel.getWriteSetter().set(writable -> {
                        writable.suspendWrites();
                        if (current == attempt && !finished) {
                            writeGrpcRequest(writable, frame, current);
                        }
                    });
                    channel.resumeWrites();
                    return;
                }
            }
            channel.shutdownWrites();
            if (!channel.flush()) {
                channel.getWriteSetter().set(ChannelListeners.flushingChannelListener(null, (flushing, e) ->
                        broken(current, e)));
                channel.resumeWrites();
            }
        } catch (IOException failure) {
            broken(current, failure);
        }
    }

    @Override
    public void failed(IOException failure) {
        if (!finished) {
            finish(ProbeResult.failed(at, OptionalInt.empty(), ProbeFailures.describe(failure), latency()));
        }
    }

    private static ClientRequest wire(ProbeRequest request) {
        ClientRequest wire = new ClientRequest().setMethod(Methods.fromString(request.method()))
                .setPath(request.pathAndQuery());
        HeaderMap headers = wire.getRequestHeaders();
        headers.put(Headers.HOST, request.host());
        request.headers().forEach((name, value) -> headers.put(HttpString.tryFromString(name), value));
        if (request.grpc()) {
            headers.put(Headers.CONTENT_LENGTH, GrpcHealthAnswer.request().remaining());
        }
        return wire;
    }

    /**
     * Reads the body to its end, resuming when the channel has nothing yet: kept in {@code kept} for a gRPC check
     * (then judged by {@link GrpcHealthAnswer}), else drained.
     */
    private void drain(ClientExchange answered, int current, int status, String location, long drainedBefore,
            ByteArrayOutputStream kept) {
        StreamSourceChannel body = answered.getResponseChannel();
        long drained = drainedBefore;
        try (PooledByteBuffer pooled = server.transport().buffers().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            for (;;) {
                buffer.clear();
                int read = body.read(buffer);
                if (read < 0) {
                    if (kept != null) {
                        grpcAnswered(answered, status, kept.toByteArray());
                    } else {
                        answered(status, location, true);
                    }
                    return;
                }
                if (read == 0) {
                    long soFar = drained;
                    body.getReadSetter().set(channel -> {
                        channel.suspendReads();
                        if (current == attempt && !finished) {
                            drain(answered, current, status, location, soFar, kept);
                        }
                    });
                    body.resumeReads();
                    return;
                }
                drained += read;
                if (drained > MAX_DRAINED_BYTES) {
                    if (kept != null) {
                        ServerProber.abort(letGo());
                        finish(ProbeResult.failed(at, OptionalInt.of(status), "gRPC health check failed: an answer "
                                + "over " + MAX_DRAINED_BYTES + " bytes", latency()));
                    } else {
                        answered(status, location, false);
                    }
                    return;
                }
                if (kept != null) {
                    byte[] chunk = new byte[read];
                    buffer.flip().get(chunk);
                    kept.write(chunk, 0, read);
                }
            }
        } catch (IOException failure) {
            broken(current, failure);
        }
    }

    /** The gRPC answer is in, its trailers too: the connection goes back, and the answer is judged. */
    private void grpcAnswered(ClientExchange answered, int status, byte[] body) {
        release(letGo());
        Optional<String> failure = GrpcHealthAnswer.failure(status, answered.getResponse().getResponseHeaders(),
                answered.getAttachment(HttpAttachments.REQUEST_TRAILERS), body);
        finish(failure.map(reason -> ProbeResult.failed(at, OptionalInt.of(status), reason, latency()))
                .orElseGet(() -> ProbeResult.passed(at, status, latency())));
    }

    /** The response is in: its connection goes back (or is closed if its body was left unread), then judged. */
    private void answered(int status, String location, boolean reusable) {
        ClientConnection used = letGo();
        if (reusable) {
            release(used);
        } else {
            ServerProber.abort(used);
        }
        if (request.followRedirects() && ProbeRedirects.isRedirect(status, location)) {
            if (redirects == ProbeRedirects.MAX_REDIRECTS) {
                finish(ProbeResult.failed(at, OptionalInt.of(status), ProbeRedirects.tooMany(), latency()));
                return;
            }
            try {
                request = ProbeRedirects.next(request, status, location);
            } catch (IllegalArgumentException unfollowable) {
                finish(ProbeResult.failed(at, OptionalInt.of(status), unfollowable.getMessage(), latency()));
                return;
            }
            redirects++;
            retried = false;
            connect();
            return;
        }
        if (request.passes(status)) {
            finish(ProbeResult.passed(at, status, latency()));
        } else {
            finish(ProbeResult.failed(at, OptionalInt.of(status),
                    "status " + status + " (expected: " + request.expectation() + ")", latency()));
        }
    }

    /** The exchange failed before its response was complete: retried once if it ran on a kept connection. */
    private void broken(int current, IOException failure) {
        if (current != attempt || finished) {
            return;
        }
        ServerProber.abort(letGo());
        if (reused && !retried) {
            retried = true;
            connect();
            return;
        }
        String reason = server.tlsRefusal(request.origin())
                .map(refusal -> ProbeFailures.HANDSHAKE_REFUSED + refusal)
                .orElseGet(() -> ProbeFailures.describe(failure));
        finish(ProbeResult.failed(at, OptionalInt.empty(), reason, latency()));
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        if (!timeoutDeferred) {
            timeoutDeferred = true;
            timeout = server.transport().schedule(this::timedOut, TIMEOUT_GRACE_NANOS);
            return;
        }
        boolean connecting = ownConnection ? connectingOwn : server.isConnectingFor(this);
        server.stopWaiting(this);
        ServerProber.abort(letGo());
        String text = (connecting ? "connect timeout after " : "timeout after ")
                + GoDuration.format(request.timeout());
        finish(ProbeResult.failed(at, OptionalInt.empty(), text, latency()));
    }

    /**
     * Takes the connection away from this attempt before it is released or closed: closing a connection reports
     * its exchange as failed at once, and that report must find the attempt already over.
     */
    private ClientConnection letGo() {
        ClientConnection used = connection;
        connection = null;
        attempt++;
        return used;
    }

    private void release(ClientConnection used) {
        if (ownConnection) {
            ServerProber.abort(used);
        } else {
            server.release(used);
        }
    }

    private void finish(ProbeResult result) {
        finished = true;
        attempt++;
        timeout.remove();
        done.accept(result);
    }

    private Duration latency() {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
