package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.ClientAuth;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsCertificate;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.TlsOptions;
import io.kvroute.kv.model.TlsStore;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.proxy.middleware.EntryPointClientTls;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.tls.GeneratedDefaultCertificate;
import io.kvroute.proxy.tls.TlsServing;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS each TLS entry point gives a Traefik 1.7 {@code passTLSCert} frontend's requests to {@code https} servers,
 * as 1.7's {@code createClientTLSConfig} makes it from the entry point's TLS: its certificates as client certificates
 * (here the default store's {@code tls/certificates} the entry points serve, then the store's
 * {@code defaultCertificate}; none: a generated default certificate, as 1.7 generates one, kept across changes while
 * valid), its client CA files as the trusted roots (here the {@code clientAuth.caFiles} of the options the entry
 * point's routers get; none: the JDK's), no {@code insecureSkipVerify}, the server's name from its URL. Made again
 * whenever the TLS configuration changes ({@link #update}, on the pipeline thread), one map behind one
 * {@link AtomicReference}; an entry point whose TLS cannot be made is left out of it and logged.
 */
final class EntryPointClientCertificates implements EntryPointClientTls {
    private static final Logger LOG = LoggerFactory.getLogger(EntryPointClientCertificates.class);
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private final Map<String, RouterTls> tlsEntryPoints;
    private final String provider;
    private final Clock clock;
    private final AtomicReference<Map<String, ServerTls>> current = new AtomicReference<>(Map.of());
    /** Each entry point's generated certificate, kept across updates while valid (one pool per server). */
    private final Map<String, Generated> generated = new HashMap<>();

    /** A generated certificate as PEM content, and when it stops being valid. */
    private record Generated(CertificateFiles files, Instant notAfter) {
    }

    /**
     * @param tlsEntryPoints the TLS entry points, with the TLS settings their routers get
     * @param provider       the provider the configuration is of, whose qualified options names it resolves
     */
    EntryPointClientCertificates(Map<String, RouterTls> tlsEntryPoints, String provider, Clock clock) {
        this.tlsEntryPoints = Map.copyOf(requireNonNull(tlsEntryPoints, "tlsEntryPoints"));
        this.provider = requireNonNull(provider, "provider");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<ServerTls> of(String entryPoint) {
        return Optional.ofNullable(current.get().get(entryPoint));
    }

    /** The TLS the entry points give servers now, whose connection pools are in use. */
    Set<ServerTls> inUse() {
        return Set.copyOf(current.get().values());
    }

    /**
     * Makes every TLS entry point's TLS to servers from {@code tls}; a certificate or store in error is not used.
     * {@code admit} is told the TLS made before the entry points give it to servers, so that a request routed
     * before the change, which asks for it from then on, finds its pools admitted.
     */
    void update(TlsConfig tls, List<Problem> problems, Consumer<Set<ServerTls>> admit) {
        Set<EntityRef> broken = problems.stream().filter(Problem::isError).flatMap(p -> p.entity().stream())
                .collect(Collectors.toSet());
        List<CertificateFiles> certificates = new ArrayList<>();
        for (TlsCertificate certificate : tls.certificates()) {
            if (!broken.contains(EntityRef.tlsCertificate(certificate.id()))
                    && (certificate.stores().isEmpty() || certificate.stores().contains(TlsServing.DEFAULT_STORE))) {
                certificates.add(certificate.files());
            }
        }
        Optional.ofNullable(tls.stores().get(TlsServing.DEFAULT_STORE))
                .filter(store -> !broken.contains(EntityRef.tlsStore(TlsServing.DEFAULT_STORE)))
                .flatMap(TlsStore::defaultCertificate).ifPresent(certificates::add);
        ImmutableMap.Builder<String, ServerTls> made = ImmutableMap.builder();
        for (Map.Entry<String, RouterTls> entryPoint : tlsEntryPoints.entrySet()) {
            List<FileOrContent> roots = Optional.ofNullable(tls.options().get(
                    entryPoint.getValue().inProvider(provider).optionsName()))
                    .map(TlsOptions::clientAuth).map(ClientAuth::caFiles).orElse(List.of());
            try {
                made.put(entryPoint.getKey(), ServerTls.compile(new ServerTlsSettings("", false, roots,
                        certificates.isEmpty() ? List.of(generated(entryPoint.getKey())) : certificates, "")));
            } catch (TransportException | CertificateEncodingException e) {
                LOG.warn("entry point {}: the TLS to servers of Traefik 1.7 passTLSCert frontends cannot be made ({}); "
                        + "their requests on it are answered 404", entryPoint.getKey(), e.getMessage());
            }
        }
        Map<String, ServerTls> next = made.build();
        admit.accept(Set.copyOf(next.values()));
        current.set(next);
    }

    /**
     * The entry point's generated default certificate and its key as PEM content, as 1.7 presents one without
     * certificates: generated on first need and again only once it has expired.
     */
    private CertificateFiles generated(String entryPoint) throws CertificateEncodingException {
        Instant now = clock.instant();
        Generated kept = generated.get(entryPoint);
        if (kept != null && now.isBefore(kept.notAfter())) {
            return kept.files();
        }
        PemKeyPair pair = GeneratedDefaultCertificate.generate(now);
        X509Certificate leaf = pair.leaf();
        CertificateFiles files = CertificateFiles.of(pem("CERTIFICATE", leaf.getEncoded()),
                pem("PRIVATE KEY", pair.key().getEncoded()));
        generated.put(entryPoint, new Generated(files, leaf.getNotAfter().toInstant()));
        return files;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
