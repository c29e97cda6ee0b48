package io.kvroute.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client for tests, on 127.0.0.1 with any SNI: it trusts exactly the leaf certificates it is given (no host name
 * check, since the connection goes to an address), optionally presents a client certificate, and either only shakes
 * hands or sends one HTTP/1.1 request with {@code Connection: close} and reads the whole answer. Sessions are
 * resumed per server name, as browsers keep them (the JDK's own key, the address, would resume a session of one name
 * for another).
 */
public final class TlsClient {
    private static final String CLIENT_ALIAS = "client";

    /** What one handshake got: the leaf the server presented, the version and the ALPN protocol. */
    public record Handshake(X509Certificate leaf, String protocol, String alpn) {
    }

    private final SSLContext context;

    private TlsClient(SSLContext context) {
        this.context = context;
    }

    /** A client that trusts the servers presenting one of {@code leaves}. */
    public static TlsClient trusting(X509Certificate... leaves) {
        return build(leaves, null);
    }

    /**
     * A client that trusts {@code leaves} and presents {@code chain} with {@code key} when asked, if its issuer is
     * among those the server names as acceptable (as the JDK's clients choose).
     */
    public static TlsClient withClientCertificate(X509Certificate chain, PrivateKey key, X509Certificate... leaves) {
        return build(leaves, new KeyManager[] {clientKeys(chain, key)});
    }

    /**
     * A client that trusts {@code leaves} and presents {@code chain} with {@code key} whenever asked, whichever
     * issuers the server names: to show that a certificate of a CA the server does not trust is refused.
     */
    public static TlsClient presentingAnyway(X509Certificate chain, PrivateKey key, X509Certificate... leaves) {
        X509ExtendedKeyManager keys = clientKeys(chain, key);
        return build(leaves, new KeyManager[] {new X509ExtendedKeyManager() {
            @Override
            public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
                return CLIENT_ALIAS;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
                return CLIENT_ALIAS;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {CLIENT_ALIAS};
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return keys.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return keys.getPrivateKey(alias);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                throw new UnsupportedOperationException("client side only");
            }
        }});
    }

    private static X509ExtendedKeyManager clientKeys(X509Certificate chain, PrivateKey key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(CLIENT_ALIAS, key, "pw".toCharArray(), new X509Certificate[] {chain});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "pw".toCharArray());
            return (X509ExtendedKeyManager) keys.getKeyManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client that trusts any server: to see what a server presents when no certificate of the test matches. */
    public static TlsClient trustingAnything() {
        return build(null, null);
    }

    private static TlsClient build(X509Certificate[] leaves, KeyManager[] keys) {
        List<X509Certificate> trusted = leaves == null ? null : Arrays.asList(leaves.clone());
        X509TrustManager exact = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws CertificateException {
                if (trusted != null && !trusted.contains(chain[0])) {
                    throw new CertificateException("untrusted server certificate "
                            + chain[0].getSubjectX500Principal());
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {exact}, null);
            return new TlsClient(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** Parameters sending {@code serverName} as SNI (none when empty) and offering {@code alpn}. */
    public SSLParameters parameters(Optional<String> serverName, String... alpn) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setServerNames(serverName.map(name -> List.<SNIServerName>of(new SNIHostName(name)))
                .orElse(List.of()));
        parameters.setApplicationProtocols(alpn);
        return parameters;
    }

    /** Shakes hands with 127.0.0.1:{@code port}; throws the handshake's failure. */
    public Handshake handshake(int port, Optional<String> serverName, String... alpn) throws IOException {
        try (SSLSocket socket = connect(port, serverName, alpn)) {
            return new Handshake((X509Certificate) socket.getSession().getPeerCertificates()[0],
                    socket.getSession().getProtocol(), socket.getApplicationProtocol());
        }
    }

    /**
     * Shakes hands as {@link #handshake} does, then forgets the session, so that this client's next handshake with
     * the name is a full one and shows the certificate served now (a resumed session keeps the one it began with).
     */
    public Handshake fullHandshake(int port, Optional<String> serverName) throws IOException {
        try (SSLSocket socket = connect(port, serverName)) {
            Handshake handshake = new Handshake((X509Certificate) socket.getSession().getPeerCertificates()[0],
                    socket.getSession().getProtocol(), socket.getApplicationProtocol());
            socket.getSession().invalidate();
            return handshake;
        }
    }

    /** One request for {@code path} with Host {@code host}; the whole answer, head and body. */
    public String get(int port, Optional<String> serverName, String host, String path) throws IOException {
        return exchange(port, serverName, "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
    }

    /** A connection to 127.0.0.1:{@code port} with {@code serverName} as SNI, kept open for several requests. */
    public KeptAliveTls open(int port, Optional<String> serverName) throws IOException {
        return new KeptAliveTls(connect(port, serverName));
    }

    /** Sends {@code request} as is and reads until the server closes (at most 10 s of silence). */
    public String exchange(int port, Optional<String> serverName, String request) throws IOException {
        try (SSLSocket socket = connect(port, serverName)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private SSLSocket connect(int port, Optional<String> serverName, String... alpn) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName.orElse("127.0.0.1"),
                port, true);
        socket.setSSLParameters(parameters(serverName, alpn));
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /**
     * Sends a ClientHello for {@code serverName} offering only {@code protocols} over a plain socket to 127.0.0.1 and
     * reads what the server answers until it closes the connection (a {@link java.net.SocketTimeoutException} when it
     * does not within {@code closeWithin}).
     */
    public byte[] helloUntilClosed(int port, String serverName, Duration closeWithin, String... protocols)
            throws IOException {
        SSLEngine engine = context.createSSLEngine(serverName, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = parameters(Optional.of(serverName));
        parameters.setProtocols(protocols);
        engine.setSSLParameters(parameters);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) closeWithin.toMillis());
            socket.getOutputStream().write(hello.array(), 0, hello.position());
            return socket.getInputStream().readAllBytes();
        }
    }
}
