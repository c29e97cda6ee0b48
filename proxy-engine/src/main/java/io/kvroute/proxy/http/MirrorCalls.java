package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.BalancedRequest;
import io.kvroute.proxy.balancer.MirrorCopy;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.PassiveHealth;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends the copies of mirrored requests ({@link MirroredRequest}) once their response has ended, fire and forget:
 * each copy goes to a server its mirror service's balancer picks, on a connection of its own
 * ({@code Connection: close}), without blocking any thread; what the mirror answers is read and discarded, and
 * a copy of a mirror that is itself a mirroring service is sent on when the first ends. Bounded: at most
 * {@link #MAX_IN_FLIGHT} copies at once, whose bodies hold at most {@link #BODY_BUDGET} bytes; a copy beyond either is
 * dropped. A copy that has not ended within its transport's {@code responseHeaderTimeout} (else the passive timeout,
 * else {@link #DEFAULT_DEADLINE}) is abandoned. Connect failures, response headers that did not come in that time
 * (a body that takes longer after them is abandoned but no timeout, as Traefik's limit covers the headers only) and
 * answers of 500 or more count for passive health, and a copy picked by a {@code leasttime} balancer is counted in flight and timed to its response headers, as
 * the mirror's own requests would be: Traefik sends each copy through the mirror service's whole handler, so a copy
 * a failover's main service answers with one of its {@code errors} statuses goes to its fallback too.
 */
final class MirrorCalls {
    /** Copies sent and not ended, at most. */
    static final int MAX_IN_FLIGHT = 256;
    /** Bytes of the bodies of copies not ended, at most; also the largest body mirrored for {@code maxBodySize} -1. */
    static final long BODY_BUDGET = 64L * 1024 * 1024;
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(MirrorCalls.class);
    private static final int BAD_GATEWAY = 502;
    private static final int GATEWAY_TIMEOUT = 504;
    private static final OptionMap SOCKET_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final PassiveHealth health;
    private final ForwardingPolicy policy;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();

    MirrorCalls(PassiveHealth health, ForwardingPolicy policy) {
        this.health = requireNonNull(health, "health");
        this.policy = requireNonNull(policy, "policy");
    }

    /**
     * Sends the copies of {@code exchange}'s request, which has just ended: none when its response did not end
     * normally (the client went away) or the request never reached a server.
     */
    void send(HttpServerExchange exchange, MirroredRequest mirrored) {
        if (!exchange.isResponseComplete() || mirrored.head().isEmpty()) {
            return;
        }
        XnioWorker worker = exchange.getConnection().getWorker();
        ByteBufferPool buffers = exchange.getConnection().getByteBufferPool();
        for (MirrorCopy copy : mirrored.copies()) {
            send(copy, mirrored, worker, buffers);
        }
    }

    private void send(MirrorCopy copy, MirroredRequest mirrored, XnioWorker worker, ByteBufferPool buffers) {
        Optional<byte[]> body = copy.withBody() ? mirrored.body() : Optional.of(new byte[0]);
        if (body.isEmpty() || !copy.allowsBody(body.get().length)) {
            return;
        }
        int length = body.get().length;
        boolean tooMany = inFlight.incrementAndGet() > MAX_IN_FLIGHT;
        if (bodyBytes.addAndGet(length) > BODY_BUDGET || tooMany) {
            release(length);
            LOG.debug("mirror copy to service {} dropped: {} copies or {} body bytes in flight already",
                    copy.target().service(), MAX_IN_FLIGHT, BODY_BUDGET);
            return;
        }
        Optional<Pick> pick = copy.target().pick(Set.of(), new CopyRequest(mirrored.clientAddress()));
        if (pick.isEmpty()) {
            release(length);
            return;
        }
        call(pick.get(), Set.of(), mirrored, body.get(), worker, buffers);
    }

    /**
     * Sends the copy to the server of {@code pick}; when it ended with one of the {@code errors} statuses of a
     * failover around that server (the server's answer, or the 502 or 504 Traefik's proxy answers when none came), to
     * that failover's fallback then, a server outside {@code tried} first ({@link FailoverFallback}).
     */
    private void call(Pick pick, Set<ServerKey> tried, MirroredRequest mirrored, byte[] body, XnioWorker worker,
            ByteBufferPool buffers) {
        XnioIoThread thread = worker.getIoThread();
        Call call = new Call(pick, mirrored, body, thread, buffers, status -> {
            pick.inFlight().end();
            pick.mirrors().forEach(nested -> send(nested, mirrored, worker, buffers));
            Set<ServerKey> triedNow = new HashSet<>(tried);
            triedNow.add(pick.key());
            Optional<Pick> fallback = FailoverFallback.matching(pick, status).flatMap(failover -> FailoverFallback
                    .pick(pick, failover, triedNow, new CopyRequest(mirrored.clientAddress())));
            if (fallback.isPresent()) {
                call(fallback.get(), Set.copyOf(triedNow), mirrored, body, worker, buffers);
            } else {
                release(body.length);
            }
        });
        thread.execute(call::start);
    }

    private void release(long length) {
        inFlight.decrementAndGet();
        bodyBytes.addAndGet(-length);
    }

    /** What a mirror service's balancer reads of a copy: the client's address; no cookies (nothing is pinned). */
    private record CopyRequest(Optional<InetAddress> address) implements BalancedRequest {
        @Override
        public Optional<String> cookie(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<InetAddress> clientAddress() {
            return address;
        }
    }

    /** One copy on its own connection, from connect to the last byte of the answer; runs on one I/O thread. */
    private final class Call {
        private final Pick pick;
        private final MirroredRequest.Head head;
        private final byte[] body;
        private final XnioIoThread thread;
        private final ByteBufferPool buffers;
        private final IntConsumer ended;
        private ClientConnection connection;
        private XnioExecutor.Key deadline;
        /** Whether the mirror's response headers came (its answer was reported for passive health). */
        private boolean headersCame;
        /** The mirror's status, else the one Traefik's proxy answers without one: 502, 504 for a timeout. */
        private int status = BAD_GATEWAY;
        private boolean finished;

        Call(Pick pick, MirroredRequest mirrored, byte[] body, XnioIoThread thread, ByteBufferPool buffers,
                IntConsumer ended) {
            this.pick = pick;
            this.head = mirrored.head().orElseThrow();
            this.body = body;
            this.thread = thread;
            this.buffers = buffers;
            this.ended = ended;
        }

        void start() {
            UpstreamTransport transport = policy.transport(pick.transport());
            ForwardingTimeouts timeouts = transport.timeouts();
            Duration limit = timeouts.limitsResponseHeaders() ? timeouts.responseHeaderTimeout()
                    : policy.passiveTimeout().isZero() ? DEFAULT_DEADLINE : policy.passiveTimeout();
            deadline = thread.executeAfter(this::timedOut, limit.toMillis(), TimeUnit.MILLISECONDS);
            ClientCallback<ClientConnection> connected = new ClientCallback<>() {
                @Override
                public void completed(ClientConnection result) {
                    if (finished) {
                        IoUtils.safeClose(result);
                        return;
                    }
                    connection = result;
                    send();
                }

                @Override
                public void failed(IOException e) {
                    health.reportFailure(pick.key(), "mirror request: connect failed: " + e.getMessage());
                    finish("connect failed: " + e.getMessage());
                }
            };
            URI server = pick.server().uri();
            UpstreamProtocol protocol = UpstreamProtocol.of(server, transport, false);
            URI target = protocol.connectUri(server);
            pick.inFlight().sent();
            if ("https".equals(server.getScheme())) {
                ServerTls tls = transport.tls();
                UndertowClient.getInstance().connect(connected, target, thread,
                        new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, tls.context()), buffers,
                        OptionMap.builder().addAll(SOCKET_OPTIONS).addAll(tls.connectOptions())
                                .set(UndertowOptions.ENABLE_HTTP2, protocol == UpstreamProtocol.TLS_ALPN).getMap());
            } else {
                UndertowClient.getInstance().connect(connected, target, thread, buffers, SOCKET_OPTIONS);
            }
        }

        private void send() {
            OwnServerCalls.send(connection, request(), sent -> write(sent.getRequestChannel()), answered -> {
                pick.inFlight().answered();
                headersCame = true;
                status = answered.getResponse().getResponseCode();
                health.reportAnswer(pick.key(), answered.getResponse().getResponseCode());
                OwnServerCalls.readBody(answered.getResponseChannel(), () -> finished, (bytes, length) -> { },
                        source -> finish(null), e -> finish("reading the answer failed: " + e.getMessage()));
            }, this::finish);
        }

        /** The copy's head: the client's request as the main server got it, for this server and with this body. */
        private ClientRequest request() {
            URI server = pick.server().uri();
            ClientRequest request = new ClientRequest().setMethod(HttpString.tryFromString(head.method()))
                    .setPath(ForwardedPath.join(server.getRawPath(), head.pathAndQuery()));
            HeaderMap headers = request.getRequestHeaders();
            for (HeaderValues values : head.headers()) {
                headers.putAll(values.getHeaderName(), values);
            }
            boolean hadBody = headers.contains(Headers.CONTENT_LENGTH) || headers.contains(Headers.TRANSFER_ENCODING);
            headers.remove(Headers.CONTENT_LENGTH);
            headers.remove(Headers.TRANSFER_ENCODING);
            if (hadBody || body.length > 0) {
                headers.put(Headers.CONTENT_LENGTH, body.length);
            }
            headers.put(Headers.CONNECTION, "close");
            headers.put(Headers.HOST, OwnServerCalls.host(pick, head.clientHost()));
            return request;
        }

        private void write(StreamSinkChannel channel) {
            ByteBuffer remaining = ByteBuffer.wrap(body);
            ChannelListener<StreamSinkChannel> writer = new ChannelListener<>() {
                @Override
                public void handleEvent(StreamSinkChannel sink) {
                    try {
                        while (remaining.hasRemaining()) {
                            if (sink.write(remaining) == 0) {
                                sink.getWriteSetter().set(this);
                                sink.resumeWrites();
                                return;
                            }
                        }
                        sink.shutdownWrites();
                        if (!sink.flush()) {
                            sink.getWriteSetter().set(this);
                            sink.resumeWrites();
                            return;
                        }
                        sink.suspendWrites();
                        sink.getWriteSetter().set(null);
                    } catch (IOException e) {
                        finish("sending the body failed: " + e.getMessage());
                    }
                }
            };
            writer.handleEvent(channel);
        }

        private void timedOut() {
            deadline = null;
            if (finished) {
                return;
            }
            if (headersCame) {
                finish("the answer's body did not end in time");
                return;
            }
            health.reportTimeout(pick.key(), "mirror request: no response headers in time");
            status = GATEWAY_TIMEOUT;
            finish("no response headers in time");
        }

        /** Ends the copy (the connection is closed); {@code failure} says why it ended early, null when it did not. */
        private void finish(String failure) {
            if (finished) {
                return;
            }
            finished = true;
            if (deadline != null) {
                deadline.remove();
            }
            IoUtils.safeClose(connection);
            if (failure != null) {
                LOG.debug("mirror copy of {} {} to {} of service {}: {}", head.method(), head.pathAndQuery(),
                        Secrets.hideUrlCredentials(pick.server().url()), pick.key().service(), failure);
            }
            ended.accept(status);
        }
    }
}
