package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate of each handshake from the TLS snapshot being served, by the SNI the client sent and the key
 * type the handshake can use ({@link CertificateTable#select}). A certificate is named by its alias, which a
 * certificate keeps in every snapshot it is in; the chain and key are looked up by alias in the snapshot served
 * now or, for a handshake that started just before a swap, the one before. With {@code sniStrict} an SNI that no
 * certificate of the store matches is refused by the engine's {@link #strictMatcher} with the {@code unrecognized_name}
 * alert, as Traefik's Go TLS refuses it; without an SNI the handshake gets no certificate, which fails it with
 * BoringSSL's {@code internal_error} (Go: {@code unrecognized_name}). Client-side methods pick nothing.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final TlsServing serving;
    private final Clock clock;
    private final boolean sniStrict;

    /** @param sniStrict whether an SNI no certificate of the store matches gets no certificate: the handshake fails */
    SniKeyManager(TlsServing serving, Clock clock, boolean sniStrict) {
        this.serving = requireNonNull(serving, "serving");
        this.clock = requireNonNull(clock, "clock");
        this.sniStrict = sniStrict;
    }

    /** The key manager of options with {@code sniStrict} as given. */
    SniKeyManager withSniStrict(boolean strict) {
        return strict == sniStrict ? this : new SniKeyManager(serving, clock, strict);
    }

    /**
     * With {@code sniStrict}, what an engine refuses an SNI no certificate of the store matches with: a server name
     * matcher, which makes both TLS stacks end the handshake with {@code unrecognized_name}.
     */
    Optional<SNIMatcher> strictMatcher() {
        return sniStrict ? Optional.of(new StoreNames()) : Optional.empty();
    }

    /** Matches the host names a certificate of the store being served covers. */
    private final class StoreNames extends SNIMatcher {
        StoreNames() {
            super(StandardConstants.SNI_HOST_NAME);
        }

        @Override
        public boolean matches(SNIServerName name) {
            String host = (name instanceof SNIHostName hostName ? hostName : new SNIHostName(name.getEncoded()))
                    .getAsciiName().toLowerCase(Locale.ROOT);
            return serving.current().certificates().covers(Optional.of(host), clock.instant());
        }
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Optional<String> serverName = serverName(engine.getHandshakeSession());
        CertificateTable certificates = serving.current().certificates();
        if (sniStrict && !certificates.covers(serverName, clock.instant())) {
            return null;
        }
        return certificates.select(serverName, keyType, clock.instant()).map(ServedCertificate::alias).orElse(null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return serving.byAlias(alias).map(c -> c.pair().chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return serving.byAlias(alias).map(c -> c.pair().key()).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** The host name the client asked for, lower case; empty without SNI. */
    static Optional<String> serverName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        return extended.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                .map(SNIHostName.class::cast).map(SNIHostName::getAsciiName)
                .map(name -> name.toLowerCase(Locale.ROOT)).findFirst();
    }
}
