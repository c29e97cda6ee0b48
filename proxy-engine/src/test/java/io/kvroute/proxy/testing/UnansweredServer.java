package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server on 127.0.0.1 whose connects never complete: it listens with a backlog of one, never accepts, and its
 * accept queue is filled by connections of its own, so Linux drops every further SYN and a client's connect waits
 * until its own timeout, as with a host that does not answer, without leaving loopback; until it is told to relay its
 * connections to a server ({@link #relayTo}), as a host that came back.
 */
public final class UnansweredServer implements AutoCloseable {
    private static final int MOST_FILLERS = 16;
    private static final int FILLER_CONNECT_MILLIS = 300;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();
    private final List<Socket> relayed = new CopyOnWriteArrayList<>();
    private final ExecutorService relays = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "unanswered-server-relay");
        thread.setDaemon(true);
        return thread;
    });

    private UnansweredServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        for (int i = 0; i < MOST_FILLERS; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(address, FILLER_CONNECT_MILLIS);
                fillers.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return;
            }
        }
        close();
        throw new IOException("the accept queue of 127.0.0.1:" + address.getPort() + " took " + MOST_FILLERS
                + " connections (expected: full after a few with a backlog of 1)");
    }

    /** Listens and fills the accept queue; fails if connects still complete after that. */
    public static UnansweredServer start() {
        try {
            return new UnansweredServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * The server answers from now on: the connections that filled its accept queue are closed, and every connection
     * accepted (a connect still waiting completes once the client sends its SYN again) is relayed to
     * 127.0.0.1:{@code serverPort}.
     */
    public void relayTo(int serverPort) throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        relays.execute(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                    relayed.addAll(List.of(client, server));
                    relays.execute(() -> pump(client, server));
                    relays.execute(() -> pump(server, client));
                } catch (IOException closed) {
                    // the listener was closed, or the server refused: no more relaying
                    return;
                }
            }
        });
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, then closes {@code to}. */
    private static void pump(Socket from, Socket to) {
        try (to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // one side closed: the relay of this connection ends
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
        for (Socket socket : relayed) {
            socket.close();
        }
        relays.shutdownNow();
    }
}
