package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.ClientAuth;
import io.kvroute.kv.model.TlsNames;
import io.kvroute.kv.model.TlsOptions;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * One set of Traefik TLS options made into what an engine is created with: its own {@link SSLContext} (BoringSSL's
 * through {@link OpenSslEngineContext} when the {@link TlsStack} is OpenSSL, else the JDK's; with the shared SNI key
 * manager and the options' client trust; its
 * session cache gives session resumption) and the
 * parameters set on every engine: versions, cipher suites (Traefik's list applies to TLS 1.0 to 1.2, as in Go; TLS
 * 1.3's suites are always on), client authentication, ALPN. {@link #unusable} says why options cannot be served as
 * configured; such options are never served weaker.
 */
public final class CompiledOptions {
    private static final List<String> JSSE_VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    private static final String FALLBACK_SCSV = "TLS_FALLBACK_SCSV";

    private final TlsOptions options;
    private final List<String> unusable;
    private final SSLContext context;
    private final OptionMap engineOptions;
    private final boolean http2;
    private final Optional<SNIMatcher> sniMatcher;

    private CompiledOptions(TlsOptions options, List<String> unusable, SSLContext context, OptionMap engineOptions,
            boolean http2, Optional<SNIMatcher> sniMatcher) {
        this.options = options;
        this.unusable = List.copyOf(unusable);
        this.context = context;
        this.engineOptions = engineOptions;
        this.http2 = http2;
        this.sniMatcher = sniMatcher;
    }

    /**
     * Compiles {@code options}; the result is {@link #usable()} only when every setting can be applied as
     * configured.
     *
     * @param keys the key manager every context presents certificates with
     */
    public static CompiledOptions compile(TlsOptions options, KeyManager keys, TlsStack stack) {
        requireNonNull(options, "options");
        List<String> unusable = new ArrayList<>();
        if (!options.curvePreferences().isEmpty()) {
            unusable.add("curvePreferences " + options.curvePreferences() + ": kvroute cannot choose key exchange "
                    + "groups per connection (expected: no curvePreferences)");
        }
        if (options.disableSessionTickets()) {
            unusable.add("disableSessionTickets: kvroute cannot turn session tickets off per connection (expected: "
                    + "false)");
        }
        List<String> versions = versions(options);
        String type = clientAuthType(options.clientAuth());
        SslClientAuthMode clientAuth = switch (type) {
            case "RequireAnyClientCert", "RequireAndVerifyClientCert" -> SslClientAuthMode.REQUIRED;
            case "RequestClientCert", "VerifyClientCertIfGiven" -> SslClientAuthMode.REQUESTED;
            default -> SslClientAuthMode.NOT_REQUESTED;
        };
        boolean http2 = options.alpnProtocols().contains(ApplicationProtocolNames.HTTP_2);
        boolean openssl = stack.openssl();
        try {
            TrustManager trust = trust(options.clientAuth());
            SSLContext jdk = null;
            Set<String> supported;
            List<String> defaults;
            if (openssl) {
                supported = OpenSsl.availableJavaCipherSuites();
                defaults = options.cipherSuites().isEmpty()
                        ? openSsl(keys, versions, http2, trust, clientAuth, null).cipherSuites() : List.of();
            } else {
                jdk = SSLContext.getInstance("TLS");
                jdk.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
                supported = Set.of(jdk.getSupportedSSLParameters().getCipherSuites());
                defaults = List.of(jdk.getDefaultSSLParameters().getCipherSuites());
            }
            List<String> suites = new ArrayList<>();
            for (String name : options.cipherSuites()) {
                String jsse = jsseName(name);
                if (name.equals(FALLBACK_SCSV)) {
                    continue;
                }
                if (!supported.contains(jsse) && !TLS13_SUITES.contains(jsse)) {
                    unusable.add("cipherSuites: " + name + " is not available in kvroute's TLS stack (expected "
                            + "suites it supports, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
                } else if (!TLS13_SUITES.contains(jsse)) {
                    suites.add(jsse);
                }
            }
            if (options.cipherSuites().isEmpty()) {
                defaults.stream().filter(suite -> !TLS13_SUITES.contains(suite)).forEach(suites::add);
            }
            if (versions.contains("TLSv1.3")) {
                suites.addAll(TLS13_SUITES);
            }
            List<String> enabled = List.copyOf(new LinkedHashSet<>(suites));
            SSLContext context;
            OptionMap engineOptions;
            if (openssl) {
                // The context carries the versions and suites, so that its engines start with them: set on each
                // engine (Undertow does so for the options it is given), they cost a native call and a cipher
                // string conversion per connection.
                context = new OpenSslEngineContext(openSsl(keys, versions, http2, trust, clientAuth, enabled));
                engineOptions = OptionMap.builder()
                        .set(Options.SSL_CLIENT_AUTH_MODE, clientAuth)
                        // Netty's engine refuses to be told to create sessions (BoringSSL always does): a no-op.
                        .set(Options.SSL_ENABLE_SESSION_CREATION, false)
                        .getMap();
            } else {
                context = jdk;
                engineOptions = OptionMap.builder()
                        .setSequence(Options.SSL_ENABLED_PROTOCOLS, versions.toArray(String[]::new))
                        .setSequence(Options.SSL_ENABLED_CIPHER_SUITES, enabled.toArray(String[]::new))
                        .set(Options.SSL_CLIENT_AUTH_MODE, clientAuth)
                        .set(Options.SSL_ENABLE_SESSION_CREATION, true)
                        .getMap();
            }
            return new CompiledOptions(options, unusable, context, engineOptions, http2,
                    keys instanceof SniKeyManager sni ? sni.strictMatcher() : Optional.empty());
        } catch (GeneralSecurityException | SSLException e) {
            unusable.add("the TLS stack refused them: " + e.getMessage());
            return new CompiledOptions(options, unusable, null, null, false, Optional.empty());
        }
    }

    /**
     * A BoringSSL context with the shared key manager, the versions, the cipher {@code suites} (null: Netty's
     * defaults), the client authentication and the options' client {@code trust} and, with {@code http2}, ALPN
     * offering h2 then http/1.1 (without, no ALPN: the connection is HTTP/1.1, as with the JDK's stack). The trust
     * must be the context's own: Netty's server context verifies client certificates with the trust it was built
     * with (the JDK's default CAs when given none), whatever is set on its engines later. The handshake picks the
     * certificate and checks a client's within the engine's unwrap, not as a delegated task: Undertow runs such a task
     * on the connection's IO thread anyway, after suspending the socket's reads and writes, and resumes the handshake
     * from the thread's task queue, behind the other connections' events (epoll changes and a wait per handshake).
     */
    private static SslContext openSsl(KeyManager keys, List<String> versions, boolean http2, TrustManager trust,
            SslClientAuthMode clientAuth, List<String> suites) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(SslProvider.OPENSSL)
                .option(OpenSslContextOption.USE_TASKS, false)
                .protocols(versions).ciphers(suites).trustManager(trust).clientAuth(switch (clientAuth) {
                    case REQUIRED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                    case REQUESTED -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                    case NOT_REQUESTED -> io.netty.handler.ssl.ClientAuth.NONE;
                });
        if (http2) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2,
                    ApplicationProtocolNames.HTTP_1_1));
        }
        return builder.build();
    }

    /** With {@code sniStrict}, the matcher each engine refuses unknown server names with. */
    Optional<SNIMatcher> sniMatcher() {
        return sniMatcher;
    }

    /** The options as configured. */
    public TlsOptions options() {
        return options;
    }

    public boolean usable() {
        return unusable.isEmpty();
    }

    /** Why these options cannot be served as configured; empty when {@link #usable()}. */
    public List<String> unusable() {
        return unusable;
    }

    /** Whether {@code h2} is among the ALPN protocols offered. */
    public boolean http2() {
        return http2;
    }

    /** Whether a ClientHello whose SNI no certificate of the store matches is refused. */
    public boolean sniStrict() {
        return options.sniStrict();
    }

    /** The context engines are created from: its key manager, client trust and session cache. */
    SSLContext context() {
        if (!usable()) {
            throw new IllegalStateException("options " + options.name() + " are unusable: " + unusable.get(0));
        }
        return context;
    }

    /**
     * What Undertow sets on each engine: client authentication, and with the JDK's stack the versions and cipher
     * suites (BoringSSL's engines start with them, from their context).
     */
    OptionMap engineOptions() {
        return engineOptions;
    }

    /** The JSSE versions from minVersion to maxVersion (Go's defaults: TLS 1.2 to 1.3). */
    private static List<String> versions(TlsOptions options) {
        int min = options.minVersion().isEmpty() ? 2 : TlsNames.VERSIONS.indexOf(options.minVersion());
        int max = options.maxVersion().isEmpty() ? 3 : TlsNames.VERSIONS.indexOf(options.maxVersion());
        return JSSE_VERSIONS.subList(Math.max(min, 0), Math.max(max, 0) + 1);
    }

    /** Go's suite names; the two ChaCha20 names without a hash are Go's older spelling of the IANA names. */
    private static String jsseName(String goName) {
        return goName.endsWith("_CHACHA20_POLY1305") ? goName + "_SHA256" : goName;
    }

    /** The type Traefik applies: as configured, or without one RequireAndVerifyClientCert with CA files. */
    private static String clientAuthType(ClientAuth clientAuth) {
        if (!clientAuth.clientAuthType().isEmpty()) {
            return clientAuth.clientAuthType();
        }
        return clientAuth.caCertificates().isEmpty() ? "NoClientCert" : "RequireAndVerifyClientCert";
    }

    private static TrustManager trust(ClientAuth clientAuth) throws GeneralSecurityException {
        String type = clientAuthType(clientAuth);
        if (!TlsNames.VERIFYING_CLIENT_AUTH_TYPES.contains(type)) {
            return new AnyClientCertificate(clientAuth.caCertificates());
        }
        KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            cas.load(null, null);
        } catch (IOException impossible) {
            throw new GeneralSecurityException("an empty key store cannot be made: " + impossible.getMessage(),
                    impossible);
        }
        int n = 0;
        for (X509Certificate ca : clientAuth.caCertificates()) {
            cas.setCertificateEntry("ca" + n++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(cas);
        return factory.getTrustManagers()[0];
    }
}
