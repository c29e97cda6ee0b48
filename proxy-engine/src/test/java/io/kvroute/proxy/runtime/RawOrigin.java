package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An origin on 127.0.0.1 that records, per connection, the exact bytes the proxy sent and whether the proxy closed the
 * connection. It answers with a fixed text: either once a request head has arrived ({@link Answer#ON_HEAD}, without
 * reading the body; {@link Answer#ON_HEAD_THEN_CLOSE} then closes) or once a whole request has arrived
 * ({@link Answer#ON_COMPLETE_REQUEST}, keep-alive). What counts
 * as whole is decided by {@link Http1Framing}, the strict reading of RFC 9112.
 */
final class RawOrigin implements AutoCloseable {
    /** When the origin answers. */
    enum Answer { ON_HEAD, ON_HEAD_THEN_CLOSE, ON_COMPLETE_REQUEST }

    /** One connection from the proxy: what arrived on it, and whether the proxy closed it. */
    static final class Connection {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean closedByProxy;

        synchronized byte[] bytes() {
            return received.toByteArray();
        }

        String text() {
            return new String(bytes(), StandardCharsets.ISO_8859_1);
        }

        boolean closedByProxy() {
            return closedByProxy;
        }

        /** How many complete requests arrived on this connection. */
        int completeRequests() {
            return Http1Framing.completeRequests(bytes());
        }

        private synchronized void append(byte[] data, int length) {
            received.write(data, 0, length);
        }
    }

    private final ServerSocket server;
    private final Answer answer;
    private final byte[] response;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RawOrigin(Answer answer, String response) throws IOException {
        this.answer = requireNonNull(answer, "answer");
        this.response = response.getBytes(StandardCharsets.ISO_8859_1);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawOrigin start(Answer answer, String response) {
        try {
            return new RawOrigin(answer, response);
        } catch (IOException e) {
            throw new UncheckedIOException("raw origin: cannot listen on 127.0.0.1", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Everything received on all connections, in connection order. */
    String allText() {
        StringBuilder text = new StringBuilder();
        connections.forEach(c -> text.append(c.text()));
        return text.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Connection connection = new Connection();
                connections.add(connection);
                Thread reader = new Thread(() -> serve(socket, connection), "raw-origin-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Connection connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int answered = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                connection.append(buffer, read);
                int due = answer == Answer.ON_COMPLETE_REQUEST ? Http1Framing.completeRequests(connection.bytes())
                        : Http1Framing.heads(connection.bytes());
                for (; answered < due; answered++) {
                    out.write(response);
                    out.flush();
                }
                if (answered > 0 && answer == Answer.ON_HEAD_THEN_CLOSE) {
                    return;
                }
            }
            connection.closedByProxy = true;
        } catch (IOException e) {
            connection.closedByProxy = true;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
    }
}
