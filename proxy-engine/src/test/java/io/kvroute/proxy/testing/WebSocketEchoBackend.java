package io.kvroute.proxy.testing;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;

/** An Undertow WebSocket server on 127.0.0.1 and an ephemeral port that sends every text message back. */
public final class WebSocketEchoBackend implements AutoCloseable {
    private final Undertow undertow;

    private WebSocketEchoBackend(Undertow undertow) {
        this.undertow = undertow;
    }

    public static WebSocketEchoBackend start() {
        Undertow undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1", Handlers.websocket((exchange, channel) -> {
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel from, BufferedTextMessage message) {
                            WebSockets.sendText("echo: " + message.getData(), from, null);
                        }
                    });
                    channel.resumeReceives();
                }))
                .build();
        undertow.start();
        return new WebSocketEchoBackend(undertow);
    }

    /** {@code http://127.0.0.1:PORT}, as a server URL in the keys. */
    public String url() {
        InetSocketAddress address = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        return "http://127.0.0.1:" + address.getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
