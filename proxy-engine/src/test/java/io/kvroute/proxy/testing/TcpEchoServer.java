package io.kvroute.proxy.testing;

import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.testing.TestCertificate;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TCP server on 127.0.0.1 and an ephemeral port, plain or TLS (a JDK {@link SSLServerSocket} with one certificate):
 * on each connection it speaks first, sending its name and a newline, then echoes every byte it receives. It records
 * the bytes of each connection (a PROXY protocol header included) and closes its side when the client closes its.
 * A TLS one also records each handshake it completed: the SNI name asked for and the client certificate's subject.
 * An {@link #answering} one reads one line per connection instead and answers it. A plain one can stop listening and
 * listen again on its port.
 */
public final class TcpEchoServer implements AutoCloseable {
    private final String name;
    private final int port;
    private volatile ServerSocket socket;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-echo");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final Layer layer;
    private final Conversation conversation;

    /** What a connection goes through before the echo: a PROXY header read, TLS layered on. */
    private interface Layer {
        Socket over(TcpEchoServer server, Socket connection, ByteArrayOutputStream received) throws IOException;
    }

    /** What a connection says once through its layer: {@link #echo} or a line's answer. */
    private interface Conversation {
        void have(TcpEchoServer server, Socket served, ByteArrayOutputStream received) throws IOException;
    }

    /** A completed TLS handshake: the SNI name ("" for none), the client certificate's subject ("" for none). */
    public record Handshake(String sni, String clientSubject) {
    }

    private TcpEchoServer(String name, ServerSocket socket) {
        this(name, socket, (server, connection, received) -> connection);
    }

    private TcpEchoServer(String name, ServerSocket socket, Layer layer) {
        this(name, socket, layer, TcpEchoServer::echo);
    }

    private TcpEchoServer(String name, ServerSocket socket, Layer layer, Conversation conversation) {
        this.name = name;
        this.socket = socket;
        this.port = socket.getLocalPort();
        this.layer = layer;
        this.conversation = conversation;
        accept(socket);
    }

    public static TcpEchoServer plain(String name) throws IOException {
        return new TcpEchoServer(name, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /**
     * A plain server that reads one line per connection (within 5 s) and sends back {@code answer}'s answer to it and
     * a newline, then closes the connection.
     */
    public static TcpEchoServer answering(String name, UnaryOperator<String> answer) throws IOException {
        return new TcpEchoServer(name, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                (server, connection, received) -> connection, (server, served, received) -> {
                    served.setSoTimeout(5_000);
                    String line = new BufferedReader(new InputStreamReader(served.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    served.getOutputStream().write((answer.apply(line) + "\n").getBytes(StandardCharsets.US_ASCII));
                });
    }

    /** A TLS server presenting {@code certificate}. */
    public static TcpEchoServer tls(String name, TestCertificate certificate) throws IOException {
        try {
            PrivateKey key = PemKeyPairs.privateKey(certificate.keyPem().getBytes(StandardCharsets.US_ASCII));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, new char[0], new Certificate[] {certificate.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpEchoServer(name, server);
        } catch (GeneralSecurityException | PemException e) {
            throw new IllegalStateException("TLS echo server " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A TLS server with {@code context} (its certificate and the client certificates it trusts), requiring a client
     * certificate when {@code needClientAuth}.
     */
    public static TcpEchoServer tls(String name, SSLContext context, boolean needClientAuth) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(needClientAuth);
        return new TcpEchoServer(name, server);
    }

    /**
     * A server that reads a PROXY protocol v1 line in clear (recorded as the first bytes of the connection), then
     * does TLS with {@code context} on the rest, as a server behind Traefik's TLS dialer with PROXY protocol sees it.
     */
    public static TcpEchoServer proxyHeaderThenTls(String name, SSLContext context) throws IOException {
        return new TcpEchoServer(name, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                (server, connection, received) -> context.getSocketFactory().createSocket(
                        afterProxyHeader(connection, received), null, true));
    }

    /**
     * A TLS server with {@code outer} whose clients do TLS again inside, with {@code inner}: a server behind a
     * passthrough router and Traefik's TLS dialer. Both handshakes are recorded, the outer one first.
     */
    public static TcpEchoServer tlsInTls(String name, SSLContext outer, SSLContext inner) throws IOException {
        return new TcpEchoServer(name, outer.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), (server, connection, received) -> {
                    SSLSocket tls = (SSLSocket) connection;
                    tls.startHandshake();
                    server.handshakes.add(handshake(tls.getSession()));
                    return inner.getSocketFactory().createSocket(tls, null, true);
                });
    }

    /** The TLS handshakes completed so far, in order. */
    public List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Closes its listening socket: connections to its port are refused until {@link #listenAgain()}. */
    public void stopListening() throws IOException {
        socket.close();
    }

    /** Listens on its port again, plain (a TLS server's layer on accepted connections does not come back). */
    public void listenAgain() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        socket = again;
        accept(again);
    }

    /** The bytes each connection received so far, in the order the connections came. */
    public List<byte[]> received() {
        return connections.stream().map(ByteArrayOutputStream::toByteArray).toList();
    }

    private void accept(ServerSocket listening) {
        executor.execute(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket connection = listening.accept();
                    executor.execute(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket connection) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        connections.add(received);
        try (connection; Socket served = layer.over(this, connection, received)) {
            if (served instanceof SSLSocket tls) {
                tls.startHandshake();
                handshakes.add(handshake(tls.getSession()));
            }
            conversation.have(this, served, received);
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** Sends the server's name and a newline, then echoes every byte received (recording it) until the end. */
    private static void echo(TcpEchoServer server, Socket served, ByteArrayOutputStream received)
            throws IOException {
        OutputStream out = served.getOutputStream();
        out.write((server.name + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = served.getInputStream();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            received.write(buffer, 0, read);
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    /** Reads the PROXY v1 line byte by byte into {@code received}: the TLS that follows is the socket's to read. */
    private static Socket afterProxyHeader(Socket connection, ByteArrayOutputStream received) throws IOException {
        InputStream in = connection.getInputStream();
        int previous = -1;
        for (int read = in.read(); read >= 0; read = in.read()) {
            received.write(read);
            if (previous == '\r' && read == '\n') {
                break;
            }
            previous = read;
        }
        return connection;
    }

    private static Handshake handshake(SSLSession session) {
        String sni = session instanceof ExtendedSSLSession extended ? extended.getRequestedServerNames().stream()
                .filter(SNIHostName.class::isInstance).map(named -> ((SNIHostName) named).getAsciiName())
                .findFirst().orElse("") : "";
        String client;
        try {
            client = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException none) {
            client = "";
        }
        return new Handshake(sni, client);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor.shutdownNow();
    }
}
