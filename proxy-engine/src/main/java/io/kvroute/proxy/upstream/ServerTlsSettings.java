package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.ServerTlsFields;
import java.util.List;

/**
 * What a servers transport says about TLS to its servers ({@code https} ones, TCP ones with {@code tls}), as configured
 * (files not read yet): equal settings give equivalent TLS contexts, so connection pools are shared by them.
 *
 * @param serverName         the name sent as SNI and checked in the server's certificate; empty: the URL's host
 *                           ({@code https} servers), none (TCP servers, which then need {@code insecureSkipVerify})
 * @param insecureSkipVerify no check of the server's certificate chain or name
 * @param rootCAs            the CA certificates that replace the JDK's trusted ones; empty: the JDK's
 * @param certificates       client certificates for servers that ask for one
 * @param peerCertUri        a URI the server's certificate must carry as subject alternative name; empty: none
 */
public record ServerTlsSettings(String serverName, boolean insecureSkipVerify, List<FileOrContent> rootCAs,
        List<CertificateFiles> certificates, String peerCertUri) {
    /** No settings: the JDK's trusted certificates, the URL's host as name, no client certificate. */
    public static final ServerTlsSettings NONE = new ServerTlsSettings("", false, List.of(), List.of(), "");

    public ServerTlsSettings {
        requireNonNull(serverName, "serverName");
        rootCAs = List.copyOf(rootCAs);
        certificates = List.copyOf(certificates);
        requireNonNull(peerCertUri, "peerCertUri");
    }

    /** Shows files by path and PEM content by its size only: a private key must not reach a log line. */
    @Override
    public String toString() {
        return "serverName=" + serverName + ", insecureSkipVerify=" + insecureSkipVerify + ", rootCAs="
                + rootCAs.stream().map(FileOrContent::shown).toList() + ", certificates="
                + certificates.stream().map(files -> files.certFile().shown()).toList() + ", peerCertURI="
                + peerCertUri;
    }

    /** The TLS settings of an HTTP servers transport's or a TCP servers transport's {@code fields}. */
    public static ServerTlsSettings of(ServerTlsFields fields) {
        return new ServerTlsSettings(fields.serverName(), fields.insecureSkipVerify(), fields.rootCAs(),
                fields.certificates(), fields.peerCertUri());
    }
}
