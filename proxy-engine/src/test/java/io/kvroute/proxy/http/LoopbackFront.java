package io.kvroute.proxy.http;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An Undertow front for the pool tests on 127.0.0.1 and an ephemeral port, with one I/O thread and one worker, and the
 * HTTP/1.1 GETs a client sends it. Closing it stops the front.
 */
final class LoopbackFront implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Undertow server;
    private final URI uri;

    private LoopbackFront(HttpHandler handler) {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setHandler(handler).build();
        server.start();
        uri = URI.create("http://127.0.0.1:"
                + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort() + "/");
    }

    static LoopbackFront serving(HttpHandler handler) {
        return new LoopbackFront(handler);
    }

    /** A GET of the front's root, sent now; its answer's body discarded. */
    CompletableFuture<HttpResponse<Void>> sendAsync() {
        return CLIENT.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding());
    }

    HttpResponse<Void> send() throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding());
    }

    @Override
    public void close() {
        server.stop();
    }
}
