package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.middleware.BufferRetry;
import io.kvroute.proxy.middleware.ResponseHolding;
import io.kvroute.proxy.middleware.RetryPolicy;
import io.kvroute.proxy.middleware.StatusRetry;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.client.ContinueNotification;
import io.undertow.client.PushCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.AttachmentList;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request sent on an {@link UpstreamConnection}, as ProxyHandler sees it. Its answer reaches ProxyHandler only if
 * it is not a {@code 101 Switching Protocols} the client did not ask for ({@link ProtocolSwitch}): such a 101 is
 * answered 502 at once and both connections closed (the client may already speak the protocol it asked for), where
 * ProxyHandler would tunnel whatever the server sends. Its response headers are awaited within the attempt's limits
 * ({@link HeaderWait}). Under {@code buffering.maxResponseBodyBytes} a body of undeclared length is read whole
 * before ProxyHandler gets the answer ({@link HeldResponse}). An HTTP/2 connection that breaks before the response headers (a server that does not speak
 * HTTP/2, or one that goes away) ends the request with 500 unless it is retried elsewhere
 * ({@link UpstreamConnection#endsBrokenHttp2}). An answer with a status of a failover's {@code errors} around the
 * server is dropped and the request sent to that failover's fallback ({@link FailoverFallback}).
 */
final class UpstreamExchange implements ClientExchange {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamExchange.class);

    private final ClientExchange sent;
    private final UpstreamConnection connection;
    /** The server's body read whole, when it was held ({@link HeldResponse}). */
    private StreamSourceChannel heldBody;
    /** The holding of the server's body, while it is read ({@link HeldResponse}). */
    private HeldResponse holding;

    UpstreamExchange(ClientExchange sent, UpstreamConnection connection) {
        this.sent = requireNonNull(sent, "sent");
        this.connection = requireNonNull(connection, "connection");
    }

    @Override
    public void setResponseListener(ClientCallback<ClientExchange> listener) {
        HeaderWait wait = new HeaderWait(connection, connection.attempt(), listener);
        sent.setResponseListener(new ClientCallback<>() {
            @Override
            public void completed(ClientExchange answered) {
                wait.answered(answered.getResponse().getResponseCode());
                Optional<String> refusal = ProtocolSwitch.refusal(connection.exchange(), answered.getResponse());
                Optional<FailoverBalancer> fallback = FailoverFallback.of(connection.exchange(),
                        answered.getResponse().getResponseCode());
                if (refusal.isPresent()) {
                    refuse(refusal.get());
                } else if (fallback.isPresent()) {
                    fallBack(listener, fallback.get(), answered.getResponse().getResponseCode());
                } else if (retriesStatus(answered.getResponse().getResponseCode())) {
                    retryElsewhere(listener, answered.getResponse().getResponseCode());
                } else {
                    RoutedRequest routed = RoutedRequest.of(connection.exchange());
                    if (routed != null) {
                        routed.answered(answered.getResponse().getResponseCode());
                    }
                    pass(listener);
                }
            }

            @Override
            public void failed(IOException e) {
                wait.end();
                if (holding != null) {
                    holding.broken(e);
                } else if (!connection.abandoned() && !connection.endsBrokenHttp2(e)) {
                    listener.failed(e);
                }
            }
        });
        wait.begin();
    }

    /**
     * Hands this answer to ProxyHandler; under {@code buffering.maxResponseBodyBytes} a body of undeclared length is
     * first read whole ({@link HeldResponse}), and one over the limit, or broken off by the server, answered 500 without
     * ProxyHandler.
     */
    private void pass(ClientCallback<ClientExchange> listener) {
        HttpServerExchange exchange = connection.exchange();
        Optional<ResponseHolding> limit = ResponseHolding.of(exchange)
                .filter(asked -> HeldResponse.applies(exchange, sent.getResponse()));
        if (limit.isEmpty()) {
            listener.completed(this);
            return;
        }
        holding = HeldResponse.of(exchange, limit.get(), sent.getResponse(), sent.getResponseChannel(),
                new HeldResponse.Outcome() {
                    @Override
                    public void held(StreamSourceChannel body) {
                        holding = null;
                        heldBody = body;
                        listener.completed(UpstreamExchange.this);
                    }

                    @Override
                    public void tooLarge() {
                        connection.abandon();
                        internalServerError(exchange);
                    }

                    @Override
                    public void failed(IOException e) {
                        LOG.debug("{} {}: reading the response of {} to hold it failed: {}",
                                exchange.getRequestMethod(), exchange.getRequestURI(), connection.getPeerAddress(),
                                e.toString());
                        connection.abandon();
                        internalServerError(exchange);
                    }

                    @Override
                    public void ended() {
                        LOG.debug("{} {}: the exchange ended while the response of {} was held; connection dropped",
                                exchange.getRequestMethod(), exchange.getRequestURI(), connection.getPeerAddress());
                        connection.abandon();
                    }
                });
        holding.start();
    }

    /**
     * Oxy's answer when holding a response fails, too large or broken off by the server: nothing was sent yet.
     */
    private static void internalServerError(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(StatusCodes.INTERNAL_SERVER_ERROR_STRING);
    }

    /**
     * Whether this answer is held back and the request sent to another server: its status is one the router's retry
     * middleware retries, the request's body was held for that ({@link ReplayBody}), attempts are left within the
     * retry's {@code timeout}, and another server of the service is usable now (the answer is passed on otherwise).
     * With a buffering retry instead, its expression decides, and any usable server of the service may be next; a
     * {@code 101 Switching Protocols} is never retried (oxy's buffer lets a hijacked connection go).
     */
    private boolean retriesStatus(int status) {
        HttpServerExchange exchange = connection.exchange();
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null || ReplayBody.of(exchange) == null || exchange.isResponseStarted()) {
            return false;
        }
        Optional<BufferRetry> bufferRetry = BufferRetry.of(exchange);
        if (bufferRetry.isPresent()) {
            return status != StatusCodes.SWITCHING_PROTOCOLS
                    && bufferRetry.get().retries(routed.attempts(), status, exchange.getRequestMethod().toString())
                    && routed.match().balancer().hasUsableServer(Set.of());
        }
        return StatusRetry.of(exchange).map(retries -> retries.retries(status)).orElse(false)
                && RetryPolicy.of(exchange).map(policy -> routed.attempts() < policy.attempts()).orElse(false)
                && SnapshotProxyClient.retryWithinBudget(exchange)
                && routed.match().balancer().hasUsableServer(routed.tried());
    }

    /**
     * Drops this answer unread (its connection is closed, never pooled) and has ProxyHandler send the request to the
     * fallback of {@code failover}, told by a failure of this attempt.
     */
    private void fallBack(ClientCallback<ClientExchange> listener, FailoverBalancer failover, int status) {
        HttpServerExchange exchange = connection.exchange();
        LOG.debug("{} {}: {} answered {}; failover {} sends the request to its fallback", exchange.getRequestMethod(),
                exchange.getRequestURI(), connection.getPeerAddress(), status, failover.service());
        RoutedRequest.of(exchange).fallBack(failover);
        connection.abandon();
        listener.failed(new IOException(connection.getPeerAddress() + " answered " + status + ", sent to the fallback"));
    }

    /**
     * Drops this answer unread (its connection is closed, never pooled) and has ProxyHandler send the request again,
     * told by a failure of this attempt.
     */
    private void retryElsewhere(ClientCallback<ClientExchange> listener, int status) {
        HttpServerExchange exchange = connection.exchange();
        LOG.debug("{} {}: {} answered {}; trying another server", exchange.getRequestMethod(),
                exchange.getRequestURI(), connection.getPeerAddress(), status);
        RoutedRequest.of(exchange).statusRetry();
        connection.abandon();
        listener.failed(new IOException(connection.getPeerAddress() + " answered " + status + ", retried"));
    }

    private void refuse(String problem) {
        HttpServerExchange exchange = connection.exchange();
        LOG.warn("{} {}: {} answered 101 Switching Protocols, refused with 502: {}", exchange.getRequestMethod(),
                exchange.getRequestURI(), connection.getPeerAddress(), problem);
        connection.abandon();
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setPersistent(false);
        exchange.setStatusCode(StatusCodes.BAD_GATEWAY);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("502 bad gateway: " + problem + "\n");
    }

    @Override
    public ClientConnection getConnection() {
        return connection;
    }

    @Override
    public void setContinueHandler(ContinueNotification continueHandler) {
        sent.setContinueHandler(continueHandler);
    }

    @Override
    public void setPushHandler(PushCallback pushCallback) {
        sent.setPushHandler(pushCallback);
    }

    @Override
    public StreamSinkChannel getRequestChannel() {
        return sent.getRequestChannel();
    }

    @Override
    public StreamSourceChannel getResponseChannel() {
        return heldBody != null ? heldBody : sent.getResponseChannel();
    }

    @Override
    public ClientRequest getRequest() {
        return sent.getRequest();
    }

    @Override
    public ClientResponse getResponse() {
        return sent.getResponse();
    }

    @Override
    public ClientResponse getContinueResponse() {
        return sent.getContinueResponse();
    }

    @Override
    public <T> T getAttachment(AttachmentKey<T> key) {
        return sent.getAttachment(key);
    }

    @Override
    public <T> List<T> getAttachmentList(AttachmentKey<? extends List<T>> key) {
        return sent.getAttachmentList(key);
    }

    @Override
    public <T> T putAttachment(AttachmentKey<T> key, T value) {
        return sent.putAttachment(key, value);
    }

    @Override
    public <T> T removeAttachment(AttachmentKey<T> key) {
        return sent.removeAttachment(key);
    }

    @Override
    public <T> void addToAttachmentList(AttachmentKey<AttachmentList<T>> key, T value) {
        sent.addToAttachmentList(key, value);
    }
}
