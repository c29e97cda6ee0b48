package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An {@code https://} server that accepts the connection and never answers the TLS ClientHello: the dial fails after
 * Traefik's {@code TLSHandshakeTimeout} (10 s) with Traefik's 504, well before the transport's {@code dialTimeout} and
 * the entry point's request timeout, and the connection is closed, so the keep-alive pool, which counted it before
 * dialling, has it back: once the server answers (and passive health let it back in), requests are served.
 */
class TlsHandshakeTimeoutIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    /** Far beyond the handshake timeout, so only it can end the request before the client's 15 s. */
    private static final Duration LONG = Duration.ofSeconds(60);

    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(RunningProxy.settings().entryPoints(),
            RunningProxy.settings().prefix(), LONG, 2, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));
    private final TlsBackend backend = TlsBackend.start("answering", TestPki.ca("CN=stranger").context());
    private final StallingServer server = StallingServer.start();

    @AfterEach
    void stop() throws IOException {
        server.close();
        backend.close();
    }

    @Test
    void aServerThatNeverAnswersTheClientHelloGets504AndItsConnectionClosed() throws IOException {
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("http1", "disableHTTP2", "true")
                .serversTransport("http1", "insecureSkipVerify", "true")
                .serversTransport("http1", "forwardingTimeouts/dialTimeout", LONG.toSeconds() + "s");
        keys.router("stall", "Host(`stall.test`)", "stall").server("stall", "s", "https://127.0.0.1:" + server.port())
                .loadBalancer("stall", "serversTransport", "http1");
        proxy.apply(keys.build());

        assertThat(proxy.get("stall.test", "/").statusCode()).isEqualTo(504);
        await("the stalled connection closed by the proxy").atMost(Duration.ofSeconds(5))
                .until(() -> server.stalledClosed.get() == server.stalled.get());
        assertThat(server.stalled).as("connections stalled").hasPositiveValue();

        ServerKey stalled = new ServerKey("stall", "s");
        await("the timed-out server back from passive ejection").atMost(Duration.ofSeconds(30))
                .until(() -> proxy.runtime().health().view().server(stalled)
                        .map(health -> health.state() != HealthState.EJECTED).orElse(false));
        server.relayTo(backend.port());
        assertThat(proxy.get("stall.test", "/").body()).isEqualTo("answering");
    }

    /**
     * Accepts on 127.0.0.1 and reads its connections without ever writing, counting those the client closes, until
     * told to relay the connections it accepts from then on to a server.
     */
    private static final class StallingServer implements AutoCloseable {
        private final ServerSocket listener;
        private final AtomicInteger stalled = new AtomicInteger();
        private final AtomicInteger stalledClosed = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stalling-server");
            thread.setDaemon(true);
            return thread;
        });
        private volatile int relayPort;

        private StallingServer(ServerSocket listener) {
            this.listener = listener;
            threads.execute(this::accept);
        }

        static StallingServer start() {
            try {
                return new StallingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        void relayTo(int port) {
            relayPort = port;
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    sockets.add(client);
                    int port = relayPort;
                    if (port == 0) {
                        stalled.incrementAndGet();
                        threads.execute(() -> stall(client));
                    } else {
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), port);
                        sockets.add(server);
                        threads.execute(() -> pump(client, server));
                        threads.execute(() -> pump(server, client));
                    }
                }
            } catch (IOException closed) {
                // the listener was closed: the test ended
            }
        }

        /** Reads the ClientHello, never answering, until the client closes the connection. */
        private void stall(Socket client) {
            try (InputStream in = client.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
                stalledClosed.incrementAndGet();
            } catch (IOException closed) {
                // closed by the test's end
            }
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side closed: this relay ends
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            threads.shutdownNow();
        }
    }
}
