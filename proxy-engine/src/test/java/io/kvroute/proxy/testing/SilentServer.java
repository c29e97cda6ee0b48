package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A hung server on 127.0.0.1 and an ephemeral port: it accepts every connection, reads whatever comes and never
 * answers, as a server whose process hangs with its sockets open. It counts the connections it accepted; closing it
 * closes them all.
 */
public final class SilentServer implements AutoCloseable {
    private final LoopbackSocketServer server = new LoopbackSocketServer("silent-server", SilentServer::drain);

    private SilentServer() {
    }

    public static SilentServer start() {
        return new SilentServer();
    }

    public String url() {
        return server.url();
    }

    /** Connections accepted so far. */
    public int connections() {
        return server.connections();
    }

    /** Reads until the peer closes, so the proxy's writes never block on a full window. */
    private static void drain(Socket socket) {
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buffer) >= 0) {
                continue;
            }
        } catch (IOException closed) {
            return;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
