package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.WebSocketEchoBackend;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WebSocket upgrade passes through the proxy and messages flow both ways on the upgraded connection. */
class WebSocketProxyIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void textMessagesAreEchoedThroughTheProxy() throws Exception {
        try (WebSocketEchoBackend echo = WebSocketEchoBackend.start(); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys().router("ws", "PathPrefix(`/ws`)", "ws").server("ws", "echo", echo.url()).build());
            Replies replies = new Replies(2);
            URI uri = URI.create(proxy.uri("/ws/chat").toString().replace("http://", "ws://"));

            WebSocket socket = proxy.client().newWebSocketBuilder().buildAsync(uri, replies).get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            socket.sendText("again", true).get(10, TimeUnit.SECONDS);

            assertThat(replies.all.get(10, TimeUnit.SECONDS)).containsExactly("echo: hello", "echo: again");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    /** Collects the first {@code expected} text messages. */
    private static final class Replies implements WebSocket.Listener {
        final CompletableFuture<List<String>> all = new CompletableFuture<>();
        private final List<String> texts = new CopyOnWriteArrayList<>();
        private final int expected;

        Replies(int expected) {
            this.expected = expected;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            if (texts.size() == expected) {
                all.complete(List.copyOf(texts));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            all.completeExceptionally(error);
        }
    }
}
