package io.kvroute.proxy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * The TCP clients of the TCP router tests: a plain connection to a {@link RunningProxy}'s entry point (2 s to
 * connect, reads time out after 10 s), TLS over one with a {@link TlsClient}, and lines read from either.
 */
public final class TcpClients {
    private TcpClients() {
    }

    /** A plain connection to {@code proxy}'s entry point. */
    public static Socket connect(RunningProxy proxy) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", proxy.runtime().address(RunningProxy.ENTRY_POINT)
                .getPort()), 2_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A connection to {@code proxy}'s entry point whose TLS handshake, with {@code serverName} as SNI, is done. */
    public static SSLSocket tlsConnect(RunningProxy proxy, TlsClient client, String serverName) throws IOException {
        Socket plain = connect(proxy);
        SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket(plain, "127.0.0.1",
                plain.getPort(), true);
        socket.setSSLParameters(client.parameters(Optional.of(serverName)));
        socket.startHandshake();
        return socket;
    }

    /** The lines {@code socket} receives, in US-ASCII. */
    public static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }
}
