package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientStatistics;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2StreamSinkChannel;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * A pooled server connection as Undertow's ProxyHandler sees it while it proxies one exchange. What differs
 * from the pooled connection itself:
 * <ul>
 *   <li>{@link #close()} aborts: Undertow's own close ends the request message first (it writes the last chunk of a
 *   chunked body), so a client body that broke off reached the origin as a complete, truncated request. Here the
 *   socket is closed under the HTTP layer, the message stays incomplete, and the pool drops the connection. An HTTP/2
 *   connection is shared with other exchanges ({@link Http2Pool}): only this exchange's stream is reset.</li>
 *   <li>Exchanges sent on it check a {@code 101 Switching Protocols} answer before ProxyHandler tunnels it (see
 *   {@link UpstreamExchange}).</li>
 *   <li>A request the exchange must send without {@code X-Forwarded-For} ({@link ForwardedForOmission}) loses the
 *   header ProxyHandler added, any other gets the list as Traefik writes it ({@link ForwardedForList}); one whose
 *   {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port} or {@code -Server} a middleware removed loses the one
 *   ProxyHandler added ({@link EntryPointForwardedHeaders}).</li>
 *   <li>An HTTP/2 connection that breaks before the response headers ends the request with 500, as in Traefik,
 *   unless the request goes to another server ({@link #endsBrokenHttp2}).</li>
 *   <li>On a transport whose {@code maxIdleConnsPerHost} is negative (no reuse), the request asks the server to
 *   close the connection after its response ({@code Connection: close}), so it never goes back to the pool.</li>
 * </ul>
 * Lives as an attachment of the server exchange, so a broken request body can {@link #abandon()} it. Knows the
 * {@link UpstreamAttempt} it serves, whose response headers its exchanges await ({@link HeaderWait}); tells the
 * shared HTTP/2 connection it was lent ({@link Http2Connection}) about its stream. Used on the
 * exchange's IO thread only.
 */
final class UpstreamConnection implements ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);
    static final AttachmentKey<UpstreamConnection> KEY = AttachmentKey.create(UpstreamConnection.class);

    private final ClientConnection pooled;
    private final HttpServerExchange exchange;
    private final UpstreamAttempt attempt;
    private boolean abandoned;
    private ClientExchange sent;

    UpstreamConnection(ClientConnection pooled, HttpServerExchange exchange, UpstreamAttempt attempt) {
        this.pooled = requireNonNull(pooled, "pooled");
        this.exchange = requireNonNull(exchange, "exchange");
        this.attempt = requireNonNull(attempt, "attempt");
    }

    /** The client's exchange this connection serves. */
    HttpServerExchange exchange() {
        return exchange;
    }

    /** The attempt of the exchange on this connection's server. */
    UpstreamAttempt attempt() {
        return attempt;
    }

    /**
     * Aborts the connection on behalf of the proxy, which answers the client itself: the failures that follow are not
     * passed on to ProxyHandler (it would answer too, or retry).
     */
    void abandon() {
        abandoned = true;
        abort();
    }

    boolean abandoned() {
        return abandoned;
    }

    @Override
    public void sendRequest(ClientRequest request, ClientCallback<ClientExchange> callback) {
        if (ForwardedForOmission.isOmitted(exchange)) {
            request.getRequestHeaders().remove(Headers.X_FORWARDED_FOR);
        } else {
            ForwardedForList.extend(request, exchange);
        }
        for (HttpString name : EntryPointForwardedHeaders.SET_AT_ENTRY) {
            if (!exchange.getRequestHeaders().contains(name)) {
                request.getRequestHeaders().remove(name);
            }
        }
        MirroredRequest mirrored = MirroredRequest.of(exchange);
        if (mirrored != null) {
            HeaderMap headers = new HeaderMap();
            request.getRequestHeaders().forEach(values -> headers.putAll(values.getHeaderName(), values));
            mirrored.sent(request.getMethod().toString(),
                    ForwardedPath.clientPart(attempt.pick().server().uri().getRawPath(), request.getPath()), headers);
        }
        if (!attempt.transport().reusesConnections() && !request.getRequestHeaders().contains(Headers.UPGRADE)) {
            request.getRequestHeaders().put(Headers.CONNECTION, "close");
        }
        pooled.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange sent) {
                UpstreamConnection.this.sent = sent;
                Http2Connection shared = exchange.getAttachment(Http2Connection.KEY);
                if (shared != null) {
                    shared.sent(pooled, sent);
                }
                UpstreamExchange upstream = new UpstreamExchange(sent, UpstreamConnection.this);
                ReplayBody held = ReplayBody.of(exchange);
                if (held == null || held.isEmpty()) {
                    callback.completed(upstream);
                    return;
                }
                held.writeTo(sent.getRequestChannel(), () -> callback.completed(upstream), e -> {
                    if (!abandoned) {
                        callback.failed(e);
                    }
                });
            }

            @Override
            public void failed(IOException e) {
                if (!abandoned && !endsBrokenHttp2(e)) {
                    callback.failed(e);
                }
            }
        });
    }

    /**
     * Ends the exchange with 500 if this HTTP/2 connection broke before the response headers and the request is not
     * sent to another server ({@link UpstreamAttempt#mayRetryElsewhere}): Traefik's HTTP/2 transport fails such a
     * request with an error that is neither a network error nor EOF (a frame the server sent in HTTP/1.1, the
     * connection gone), which its proxy answers 500. The server is reported to passive health, unless it had sent GOAWAY
     * on the connection. False, doing nothing,
     * for an HTTP/1.1 connection, a request that goes elsewhere, or an upgrade request (always sent in HTTP/1.1: its
     * connection is HTTP/2 only when the server switched to h2c unasked, which Undertow's client follows, see
     * {@link ProtocolSwitch}): the failure is then ProxyHandler's.
     */
    boolean endsBrokenHttp2(IOException failure) {
        if (!pooled.isMultiplexingSupported() || exchange.isResponseStarted()
                || exchange.getRequestHeaders().contains(Headers.UPGRADE) || attempt.mayRetryElsewhere(exchange)) {
            return false;
        }
        LOG.debug("{} {}: the HTTP/2 connection to {} broke before the response headers: {}",
                exchange.getRequestMethod(), exchange.getRequestURI(), getPeerAddress(), failure.toString());
        if (serverWentAway()) {
            LOG.debug("not reporting {} to passive health: it sent GOAWAY", getPeerAddress());
        } else {
            attempt.health().reportFailure(attempt.pick().key(),
                    "HTTP/2 connection broke before the response headers: " + failure);
        }
        abandon();
        exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("Internal Server Error");
        return true;
    }

    /**
     * Whether the server sent a graceful GOAWAY ({@code NO_ERROR}) on this exchange's connection: a server that stops
     * taking streams (nginx's {@code keepalive_requests}, a shutdown) is not failing, and is not ejected for a stream
     * that then fails ({@link GoAwayChannel} drains the others). A GOAWAY with an error code counts as a failure.
     */
    private boolean serverWentAway() {
        return sent != null && sent.getRequestChannel() instanceof Http2StreamSinkChannel stream
                && stream.getChannel() instanceof GoAwayChannel draining && draining.goneAway();
    }

    @Override
    public void close() {
        abort();
    }

    /**
     * Closes the socket under the HTTP layer, which marks the connection upgraded: never pooled again. On an HTTP/2
     * connection, which other exchanges share, only this exchange's stream is reset ({@code RST_STREAM CANCEL}, as
     * Go's transport cancels a request), if it was opened.
     */
    private void abort() {
        if (!pooled.isOpen()) {
            return;
        }
        if (pooled.isMultiplexingSupported()) {
            resetStream();
            return;
        }
        StreamConnection socket;
        try {
            socket = pooled.performUpgrade();
        } catch (IOException | RuntimeException notHttp1) {
            IoUtils.safeClose(pooled);
            return;
        }
        IoUtils.safeClose(socket);
    }

    private void resetStream() {
        if (sent != null && sent.getRequestChannel() instanceof Http2StreamSinkChannel stream) {
            stream.getChannel().sendRstStream(stream.getStreamId(), Http2Channel.ERROR_CANCEL);
            IoUtils.safeClose(stream, sent.getResponseChannel());
        }
    }

    @Override
    public StreamConnection performUpgrade() throws IOException {
        return pooled.performUpgrade();
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return pooled.getBufferPool();
    }

    @Override
    public SocketAddress getPeerAddress() {
        return pooled.getPeerAddress();
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return pooled.getPeerAddress(type);
    }

    @Override
    public ChannelListener.Setter<? extends ClientConnection> getCloseSetter() {
        return pooled.getCloseSetter();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return pooled.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return pooled.getLocalAddress(type);
    }

    @Override
    public XnioWorker getWorker() {
        return pooled.getWorker();
    }

    @Override
    public XnioIoThread getIoThread() {
        return pooled.getIoThread();
    }

    @Override
    public boolean isOpen() {
        return pooled.isOpen();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return pooled.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return pooled.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return pooled.setOption(option, value);
    }

    @Override
    public boolean isUpgraded() {
        return pooled.isUpgraded();
    }

    @Override
    public boolean isPushSupported() {
        return pooled.isPushSupported();
    }

    @Override
    public boolean isMultiplexingSupported() {
        return pooled.isMultiplexingSupported();
    }

    @Override
    public ClientStatistics getStatistics() {
        return pooled.getStatistics();
    }

    @Override
    public boolean isUpgradeSupported() {
        return pooled.isUpgradeSupported();
    }

    @Override
    public void addCloseListener(ChannelListener<ClientConnection> listener) {
        pooled.addCloseListener(listener);
    }

    @Override
    public boolean isPingSupported() {
        return pooled.isPingSupported();
    }

    @Override
    public void sendPing(PingListener listener, long timeout, TimeUnit timeUnit) {
        pooled.sendPing(listener, timeout, timeUnit);
    }
}
