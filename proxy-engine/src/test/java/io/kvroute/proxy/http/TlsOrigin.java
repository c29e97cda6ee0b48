package io.kvroute.proxy.http;

import io.kvroute.proxy.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on 127.0.0.1 and an ephemeral port for the pool tests, presenting a certificate of a CA made for
 * it (the pools reach it with an insecure TLS). It accepts each connection, shakes hands (once the test lets it) and
 * counts the handshakes; it never answers. Closing it closes the connections it accepted.
 */
final class TlsOrigin implements AutoCloseable {
    private final SSLServerSocket socket;
    private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger closedByThePool = new AtomicInteger();

    private TlsOrigin(CountDownLatch handshake, boolean readUntilClosed) throws IOException {
        socket = (SSLServerSocket) TestPki.ca("CN=backend.test").context().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SSLSocket connection = (SSLSocket) socket.accept();
                    accepted.add(connection);
                    handshake.await();
                    connection.startHandshake();
                    handshakes.incrementAndGet();
                    if (readUntilClosed) {
                        readUntilClosed(connection);
                    }
                }
            } catch (IOException | InterruptedException closed) {
                // the test ended
            }
        }, "backend-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Shakes hands with each connection once {@code handshake} is open and reads nothing: the test reads (see
     * {@link #closedUnused}).
     */
    static TlsOrigin shakingHandsOnceOpen(CountDownLatch handshake) throws IOException {
        return new TlsOrigin(handshake, false);
    }

    /**
     * Shakes hands with each connection at once, then reads it on a thread of its own until the pool closes it
     * ({@link #closedByThePool}); no request is sent on these connections.
     */
    static TlsOrigin readingUntilClosed() throws IOException {
        return new TlsOrigin(new CountDownLatch(0), true);
    }

    URI uri() {
        return URI.create("https://127.0.0.1:" + socket.getLocalPort());
    }

    /** The connections accepted so far, in their order. */
    List<SSLSocket> accepted() {
        return List.copyOf(accepted);
    }

    int handshakes() {
        return handshakes.get();
    }

    /** The connections a {@link #readingUntilClosed} origin read to their end so far. */
    int closedByThePool() {
        return closedByThePool.get();
    }

    /** Whether the pool closed {@code connection} with no request sent on it (waits 10 s at most). */
    static boolean closedUnused(SSLSocket connection) throws IOException {
        connection.setSoTimeout(10_000);
        try {
            return connection.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private void readUntilClosed(SSLSocket connection) {
        Thread reader = new Thread(() -> {
            try {
                while (connection.getInputStream().read() >= 0) {
                    // no request is sent on these connections
                }
            } catch (IOException e) {
                // closed all the same
            }
            closedByThePool.incrementAndGet();
        }, "backend-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : accepted) {
            connection.close();
        }
    }
}
