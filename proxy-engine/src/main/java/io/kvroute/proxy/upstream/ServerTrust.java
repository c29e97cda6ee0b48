package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates a servers transport accepts, as Go's TLS client configured by Traefik does: the chain
 * must lead to a trusted root and the certificate must carry the server's name (the JDK's PKIX trust manager with
 * HTTPS endpoint identification, given the {@code serverName} or the URL's host as peer host) in a subject
 * alternative name, since Go ignores the common name; with {@code insecureSkipVerify} neither is checked. A
 * {@code peerCertURI} is checked in both cases, after the chain (Traefik's {@code VerifyPeerCertificate}, which
 * verifies the chain without the name even when verification is skipped). Used for servers only, on TLS engines;
 * {@link CertificateRefusals} checks as these do and records why they refused.
 */
sealed class ServerTrust extends X509ExtendedTrustManager permits CertificateRefusals {
    private static final int DNS_NAME = 2;
    private static final int URI = 6;
    private static final int IP_ADDRESS = 7;

    private final X509ExtendedTrustManager chains;
    private final boolean insecureSkipVerify;
    private final String peerCertUri;

    /**
     * @param chains             the PKIX trust manager over the transport's roots (or the JDK's)
     * @param insecureSkipVerify accept any chain for any name (unless {@code peerCertUri} is set)
     * @param peerCertUri        the URI subject alternative name required; empty: none
     */
    ServerTrust(X509ExtendedTrustManager chains, boolean insecureSkipVerify, String peerCertUri) {
        this.chains = requireNonNull(chains, "chains");
        this.insecureSkipVerify = insecureSkipVerify;
        this.peerCertUri = requireNonNull(peerCertUri, "peerCertUri");
    }

    /** The same checks as {@code same}. */
    ServerTrust(ServerTrust same) {
        this(same.chains, same.insecureSkipVerify, same.peerCertUri);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (!insecureSkipVerify) {
            chains.checkServerTrusted(chain, authType, engine);
            requireNameInSubjectAltNames(chain[0], engine.getPeerHost());
        } else if (!peerCertUri.isEmpty()) {
            chains.checkServerTrusted(chain, authType);
        }
        requirePeerCertUri(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("servers transport certificates are checked on TLS engines only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("servers transport certificates are checked on TLS engines only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a servers transport trusts servers, not clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a servers transport trusts servers, not clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a servers transport trusts servers, not clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.getAcceptedIssuers();
    }

    /** Go matches an IP address with IP address names and a host name with DNS names, never the common name. */
    private static void requireNameInSubjectAltNames(X509Certificate leaf, String host) throws CertificateException {
        int wanted = isIpAddress(host) ? IP_ADDRESS : DNS_NAME;
        if (subjectAltNames(leaf).stream().noneMatch(name -> name.get(0) instanceof Integer type && type == wanted)) {
            throw new CertificateException("the server certificate for " + host + " names it in its common name only"
                    + " (expected: a subject alternative name, Go ignores the common name)");
        }
    }

    /** Whether {@code host} is an IP address literal (an IPv6 one with or without brackets). */
    static boolean isIpAddress(String host) {
        return host != null && (InetAddresses.isInetAddress(host) || InetAddresses.isUriInetAddress(host));
    }

    private void requirePeerCertUri(X509Certificate leaf) throws CertificateException {
        if (peerCertUri.isEmpty()) {
            return;
        }
        boolean carried = subjectAltNames(leaf).stream().anyMatch(name -> name.get(0) instanceof Integer type
                && type == URI && name.get(1) instanceof String uri && uri.equalsIgnoreCase(peerCertUri));
        if (!carried) {
            throw new CertificateException("the server certificate does not carry the URI " + peerCertUri
                    + " (expected by peerCertURI)");
        }
    }

    private static Collection<List<?>> subjectAltNames(X509Certificate leaf) throws CertificateParsingException {
        Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        return names == null ? List.of() : names;
    }
}
