package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The TLS client context of one servers transport, compiled from its {@link ServerTlsSettings}: the trusted roots
 * ({@code rootCAs}, else the JDK's), the client certificates, the certificate checks ({@link ServerTrust}) and the
 * server name ({@code serverName}: sent as SNI unless it is an IP address, and the name the certificate must carry).
 * Every file is read and every PEM block parsed here, once: a value that cannot be used refuses the transport
 * (Traefik logs it and goes on without it). Equal settings are equal contexts, so pools keyed by them are shared.
 * One {@link SSLContext} is made per compile ({@link #context()}), and whatever dials with this TLS shares it: a
 * caller that keeps a {@code ServerTls} while its settings stay (the TCP routing does, across builds) keeps its
 * context.
 */
public final class ServerTls {
    private static final Supplier<ServerTls> JDK_DEFAULT = Suppliers.memoize(() -> {
        try {
            return compile(ServerTlsSettings.NONE);
        } catch (TransportException e) {
            throw new IllegalStateException("the JDK's default TLS trust cannot be loaded: " + e.getMessage(), e);
        }
    });

    private final ServerTlsSettings settings;
    private final KeyManager[] clientKeys;
    private final ServerTrust serverTrust;
    private final CertificateRefusals refusals;
    private final SSLContext context;
    /** Each file the settings name by path, with the digest of its content taken before it was read; empty: unread. */
    private final Map<FileOrContent, Optional<HashCode>> filesRead;

    private ServerTls(ServerTlsSettings settings, Map<FileOrContent, Optional<HashCode>> filesRead,
            KeyManager[] clientKeys, ServerTrust serverTrust) throws GeneralSecurityException {
        this.settings = requireNonNull(settings, "settings");
        this.filesRead = Map.copyOf(filesRead);
        this.clientKeys = clientKeys;
        this.serverTrust = requireNonNull(serverTrust, "serverTrust");
        this.refusals = new CertificateRefusals(this); // reads serverTrust, set above
        this.context = newContext(clientKeys, refusals);
    }

    /** No settings: the JDK's trusted certificates and the URL's host as the name, shared by every such transport. */
    public static ServerTls jdkDefault() {
        return JDK_DEFAULT.get();
    }

    /**
     * The context for {@code settings}.
     *
     * @throws TransportException naming the field ({@code rootCAs/0}, {@code certificates/1/keyFile}) that cannot be
     *                            read or parsed, or a {@code serverName} the JDK cannot send
     */
    public static ServerTls compile(ServerTlsSettings settings) throws TransportException {
        requireSendableName(settings.serverName());
        Map<FileOrContent, Optional<HashCode>> filesRead = new HashMap<>();
        List<FileOrContent> named = new ArrayList<>(settings.rootCAs());
        for (CertificateFiles certificate : settings.certificates()) {
            named.add(certificate.certFile());
            named.add(certificate.keyFile());
        }
        named.stream().filter(FileOrContent::isPath).forEach(file -> filesRead.put(file, fileDigest(file)));
        try {
            TrustManagerFactory roots = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            roots.init(settings.rootCAs().isEmpty() ? null : rootStore(settings.rootCAs()));
            X509ExtendedTrustManager chains = Arrays.stream(roots.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new GeneralSecurityException("no X509 trust manager"));
            return new ServerTls(settings, filesRead, clientKeys(settings.certificates()),
                    new ServerTrust(chains, settings.insecureSkipVerify(), settings.peerCertUri()));
        } catch (GeneralSecurityException e) {
            throw new TransportException("TLS to servers cannot be set up: " + e.getMessage(), e);
        }
    }

    public ServerTlsSettings settings() {
        return settings;
    }

    /**
     * Whether the files its settings name by path ({@code rootCAs}, {@code certFile}, {@code keyFile}) still hold what
     * was read when this was compiled, by their digests now ({@code digests}, {@link #fileDigest} or a memo of it): a
     * certificate renewed in place, at the same path, does not, and a caller that keeps this TLS while its settings
     * stay compiles it again then, as the store's certificates are read again on each configuration change. A file
     * that could not be read is not unchanged. Builds ask through {@link FileDigests}, which reads each file once.
     */
    boolean filesUnchanged(Function<FileOrContent, Optional<HashCode>> digests) {
        return filesRead.entrySet().stream().allMatch(file -> file.getValue().isPresent()
                && file.getValue().equals(digests.apply(file.getKey())));
    }

    /** The SHA-256 of the content of {@code file}; empty when it cannot be read. */
    static Optional<HashCode> fileDigest(FileOrContent file) {
        try {
            return Optional.of(Hashing.sha256().hashBytes(file.read()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The context of this TLS, made once when it was compiled: its client certificates, and its checks of server
     * certificates, which remember per connection why they refused one ({@link #refusals()}); shared by the TCP
     * relay's connections, the probes and the mirrors on this TLS.
     */
    public SSLContext context() {
        return context;
    }

    /** Why {@link #context()}'s checks refused a server's certificate, per TLS engine. */
    public CertificateRefusals refusals() {
        return refusals;
    }

    /** The transport's checks of server certificates, as {@link #context()} applies them. */
    ServerTrust serverChecks() {
        return serverTrust;
    }

    /**
     * A context of its own with the transport's client certificates and {@code checks} for server certificates: the
     * HTTP servers' connection pools pass the checks recorded ({@link CertificateRefusals}), to learn why a handshake
     * was refused, which a refused handshake does not tell the client otherwise, apart from {@link #context()}'s other
     * users.
     */
    public SSLContext contextChecking(X509ExtendedTrustManager checks) throws GeneralSecurityException {
        return newContext(clientKeys, requireNonNull(checks, "checks"));
    }

    private static SSLContext newContext(KeyManager[] clientKeys, X509ExtendedTrustManager serverTrust)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(clientKeys, new TrustManager[] {serverTrust}, null);
        return context;
    }

    /**
     * The options a connection to a server needs beyond the socket's: with a {@code serverName}, the peer host the
     * certificate is checked against, and the SNI name unless it is an IP address (as Go sends none for one).
     */
    public OptionMap connectOptions() {
        String name = settings.serverName();
        if (name.isEmpty()) {
            return OptionMap.EMPTY;
        }
        OptionMap.Builder options = OptionMap.builder().set(Options.SSL_PEER_HOST_NAME, name);
        sniName().ifPresent(sni -> options.set(UndertowOptions.SSL_SNI_HOSTNAME, sni));
        return options.getMap();
    }

    /** The {@code serverName} sent as SNI: none when it is empty or an IP address (Go sends none for one). */
    public Optional<String> sniName() {
        String name = settings.serverName();
        return name.isEmpty() || ServerTrust.isIpAddress(name) ? Optional.empty() : Optional.of(name);
    }

    /**
     * Refuses a {@code serverName} that is neither empty, an IP address nor a name the JDK takes as SNI: Go sends any
     * name (an underscore, a leading hyphen, an empty label) and checks it in the certificate, but the JDK's
     * {@link SNIHostName}, through which it sends SNI and matches certificate names, refuses these, so no connection
     * with it could be made as Traefik makes it.
     */
    private static void requireSendableName(String name) throws TransportException {
        if (name.isEmpty() || ServerTrust.isIpAddress(name)) {
            return;
        }
        try {
            new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            throw new TransportException("serverName \"" + name + "\": the JDK cannot send it as the TLS server name "
                    + "(SNI) nor check it in certificates (" + e.getMessage() + "); Traefik sends it unchecked", e);
        }
    }

    private static KeyStore rootStore(List<FileOrContent> rootCAs) throws GeneralSecurityException,
            TransportException {
        KeyStore store = emptyStore();
        for (int i = 0; i < rootCAs.size(); i++) {
            FileOrContent root = rootCAs.get(i);
            List<X509Certificate> certificates;
            try {
                certificates = PemKeyPairs.certificates(root.read());
            } catch (IOException | PemException e) {
                throw new TransportException("rootCAs/" + i + " \"" + root.shown() + "\": " + e.getMessage()
                        + " (expected: a PEM file or PEM content with CA certificates)", e);
            }
            for (int j = 0; j < certificates.size(); j++) {
                store.setCertificateEntry("root-" + i + "-" + j, certificates.get(j));
            }
        }
        return store;
    }

    private static KeyManager[] clientKeys(List<CertificateFiles> certificates) throws GeneralSecurityException,
            TransportException {
        if (certificates.isEmpty()) {
            return null;
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < certificates.size(); i++) {
            PemKeyPair pair = keyPair(certificates.get(i), "certificates/" + i + "/");
            store.setKeyEntry("client-" + i, pair.key(), new char[0], pair.chain().toArray(X509Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory.getKeyManagers();
    }

    private static PemKeyPair keyPair(CertificateFiles files, String field) throws TransportException {
        List<X509Certificate> chain;
        try {
            chain = PemKeyPairs.chain(files.certFile().read());
        } catch (IOException | PemException e) {
            throw new TransportException(field + "certFile \"" + files.certFile().shown() + "\": " + e.getMessage()
                    + " (expected: a PEM certificate file or content)", e);
        }
        try {
            return PemKeyPairs.pair(chain, PemKeyPairs.privateKey(files.keyFile().read()));
        } catch (IOException | PemException e) {
            throw new TransportException(field + "keyFile \"" + files.keyFile().shown() + "\": " + e.getMessage()
                    + " (expected: the PEM private key of certFile)", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException impossible) {
            throw new IllegalStateException("an empty key store loads from nothing", impossible);
        }
        return store;
    }

    /**
     * Equal settings whose files held the same content when they were read: a transport compiled again after its
     * certificate was renewed in place is another TLS, with pools of its own.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServerTls tls && tls.settings.equals(settings) && tls.filesRead.equals(filesRead);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "ServerTls[" + settings + "]";
    }
}
