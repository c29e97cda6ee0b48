package io.kvroute.proxy.middleware;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.InetSocketAddress;
import java.net.URI;

/** An Undertow server on 127.0.0.1 and an ephemeral port, for one test. */
final class TestServer implements AutoCloseable {
    private final Undertow undertow;
    private final int port;

    private TestServer(Undertow undertow) {
        this.undertow = undertow;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    static TestServer start(HttpHandler handler) {
        Undertow undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(2)
                .setHandler(handler).build();
        undertow.start();
        return new TestServer(undertow);
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code pathAndQuery}, taken as is. */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** A handler proxying every request to this server, as kvroute's proxy does. */
    HttpHandler proxy() {
        LoadBalancingProxyClient client = new LoadBalancingProxyClient().addHost(uri(""));
        return ProxyHandler.builder().setProxyClient(client).setMaxRequestTime(10_000).build();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
