package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a server's port, as a network path that can go dead: every accepted connection
 * is relayed to the server until {@link #freezeOpenConnections()}, after which the connections open then still read
 * but pass nothing on either way (a server that stopped answering, PINGs included); connections accepted later relay
 * again. Counts the connections accepted and those the client has not closed yet.
 */
public final class FreezingRelay implements AutoCloseable {
    private final int serverPort;
    private final AtomicInteger generation = new AtomicInteger();
    private final ExecutorService answers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "freezing-relay-answers");
        thread.setDaemon(true);
        return thread;
    });
    private final LoopbackSocketServer relay;

    public FreezingRelay(int serverPort) {
        this.serverPort = serverPort;
        this.relay = new LoopbackSocketServer("freezing-relay", this::relay);
    }

    /** {@code SCHEME://127.0.0.1:PORT} of the relay. */
    public String url(String scheme) {
        return relay.url().replace("http://", scheme + "://");
    }

    /** Connections accepted so far. */
    public int connections() {
        return relay.connections();
    }

    /** Connections the client has not closed yet. */
    public int open() {
        return relay.open();
    }

    /** The connections open now pass nothing more, either way. */
    public void freezeOpenConnections() {
        generation.incrementAndGet();
    }

    private void relay(Socket client) {
        int born = generation.get();
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
            answers.execute(() -> pump(server, client, born));
            pump(client, server, born);
        } catch (IOException e) {
            throw new UncheckedIOException("relay to 127.0.0.1:" + serverPort, e);
        }
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, dropping what comes once the connection froze. */
    private void pump(Socket from, Socket to, int born) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (generation.get() == born) {
                    out.write(buffer, 0, read);
                }
            }
            to.close();
        } catch (IOException closed) {
            // one side closed: the relay of this connection ends
        }
    }

    @Override
    public void close() throws IOException {
        relay.close();
        answers.shutdownNow();
    }
}
