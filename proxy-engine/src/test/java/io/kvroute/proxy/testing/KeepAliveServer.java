package io.kvroute.proxy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server on 127.0.0.1 and an ephemeral port that answers every request without a body with 200
 * {@code ok} and keeps the connection open until the client closes it, counting the connections it accepted and how
 * many are still open: what a test needs to see the proxy reuse, keep or close its pooled upstream connections.
 */
public final class KeepAliveServer implements AutoCloseable {
    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    private final LoopbackSocketServer server = new LoopbackSocketServer("keep-alive-server",
            KeepAliveServer::answerUntilClosed);

    private KeepAliveServer() {
    }

    public static KeepAliveServer start() {
        return new KeepAliveServer();
    }

    public String url() {
        return server.url();
    }

    /** Connections accepted so far. */
    public int connections() {
        return server.connections();
    }

    /** Connections the client has not closed yet. */
    public int open() {
        return server.open();
    }

    /** Answers each request head (a blank line ends it) until the client closes the connection. */
    private static void answerUntilClosed(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    out.write(ANSWER);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // the client reset the connection: closed as well
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
