package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads and checks the {@code tls} section without any network: every certificate file pair is read (a path or PEM
 * content), parsed and matched (key against certificate) and its validity compared with {@code now}; CA files are
 * read and parsed; every version, cipher suite, curve and client authentication name is looked up in Traefik's
 * tables ({@link TlsNames}). Each fault is a {@link Problem} on the key it comes from, relative to the root
 * ({@code tls/certificates/<id>/keyFile}), naming the certificate, options or store it breaks (errors) or concerns
 * (warnings). Stricter than Traefik where Traefik would serve something weaker or nothing without a word: an
 * unknown version name (Traefik ignores it) and an expired certificate (Traefik serves it) are errors.
 */
public final class TlsChecks {
    private final Instant now;
    private final List<Problem> problems = new ArrayList<>();

    /** The loaded section (key pairs and CA certificates filled in where they could be used) and its problems. */
    public record Checked(TlsConfig tls, List<Problem> problems) {
        public Checked {
            requireNonNull(tls, "tls");
            problems = List.copyOf(requireNonNull(problems, "problems"));
        }
    }

    private TlsChecks(Instant now) {
        this.now = now;
    }

    public static Checked check(TlsConfig tls, Instant now) {
        requireNonNull(tls, "tls");
        TlsChecks checks = new TlsChecks(requireNonNull(now, "now"));
        List<TlsCertificate> certificates = new ArrayList<>();
        for (TlsCertificate certificate : tls.certificates()) {
            EntityRef entity = EntityRef.tlsCertificate(certificate.id());
            certificates.add(certificate.withFiles(checks.load(certificate.files(),
                    DynamicKeys.RELATIVE.tlsCertificate(certificate.id()), entity)));
        }
        TreeMap<String, TlsOptions> options = new TreeMap<>();
        tls.options().forEach((name, entry) -> options.put(name, checks.options(entry)));
        TreeMap<String, TlsStore> stores = new TreeMap<>();
        tls.stores().forEach((name, store) -> stores.put(name, checks.store(store)));
        return new Checked(new TlsConfig(certificates, options, stores), checks.problems);
    }

    /** The files with their key pair when both read, parse, match and the leaf is valid now; else as they were. */
    private CertificateFiles load(CertificateFiles files, String key, EntityRef entity) {
        String certKey = key + "/certFile";
        String keyKey = key + "/keyFile";
        int errorsBefore = errorCount();
        if (files.certFile().isEmpty()) {
            error(certKey, "", "no certFile (expected PEM content or the path of a readable file)", entity);
        }
        if (files.keyFile().isEmpty()) {
            error(keyKey, "", "no keyFile (expected PEM content or the path of a readable file)", entity);
        }
        if (errorCount() > errorsBefore) {
            return files;
        }
        Optional<List<X509Certificate>> chain = read(files.certFile(), certKey, entity)
                .flatMap(bytes -> parsed(files.certFile(), certKey, entity, () -> PemKeyPairs.chain(bytes)));
        Optional<PrivateKey> privateKey = read(files.keyFile(), keyKey, entity)
                .flatMap(bytes -> parsed(files.keyFile(), keyKey, entity, () -> PemKeyPairs.privateKey(bytes)));
        if (chain.isEmpty() || privateKey.isEmpty()) {
            return files;
        }
        Optional<PemKeyPair> pair = parsed(files.keyFile(), keyKey, entity,
                () -> PemKeyPairs.pair(chain.get(), privateKey.get()));
        checkValidity(chain.get(), certKey, files.certFile().shown(), entity);
        return pair.isPresent() && errorCount() == errorsBefore ? files.withKeyPair(pair.get()) : files;
    }

    /** An expired leaf is an error; a leaf not valid yet and an expired chain certificate are warnings. */
    private void checkValidity(List<X509Certificate> chain, String key, String shown, EntityRef entity) {
        X509Certificate leaf = chain.get(0);
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            error(key, shown, "certificate " + leaf.getSubjectX500Principal() + " expired on "
                    + leaf.getNotAfter().toInstant() + " (expected a certificate valid now)", entity);
        } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
            warning(key, shown, "certificate " + leaf.getSubjectX500Principal() + " is not valid before "
                    + leaf.getNotBefore().toInstant() + ": clients refuse it until then", entity);
        }
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate issuer = chain.get(i);
            if (issuer.getNotAfter().toInstant().isBefore(now)) {
                warning(key, shown, "chain certificate " + (i + 1) + " (" + issuer.getSubjectX500Principal()
                        + ") expired on " + issuer.getNotAfter().toInstant()
                        + ": clients that need it refuse the chain", entity);
            }
        }
    }

    private TlsOptions options(TlsOptions options) {
        String key = DynamicKeys.RELATIVE.tlsOptions(options.name());
        EntityRef entity = EntityRef.tlsOptions(options.name());
        version(options.minVersion(), key + "/minVersion", entity);
        version(options.maxVersion(), key + "/maxVersion", entity);
        int min = TlsNames.VERSIONS.indexOf(options.minVersion());
        int max = TlsNames.VERSIONS.indexOf(options.maxVersion());
        if (min >= 0 && max >= 0 && max < min) {
            error(key + "/maxVersion", options.maxVersion(), "below minVersion " + options.minVersion()
                    + " (expected a maxVersion at or above the minVersion)", entity);
        }
        names(options.cipherSuites(), key + "/cipherSuites", TlsNames.CIPHER_SUITES, entity,
                "unknown cipher suite (expected one of Go's names Traefik accepts, such as "
                        + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_AES_128_GCM_SHA256)");
        names(options.curvePreferences(), key + "/curvePreferences", TlsNames.CURVES, entity,
                "unknown curve (expected one of CurveP256, CurveP384, CurveP521, X25519, X25519MLKEM768, "
                        + "SecP256r1MLKEM768, SecP384r1MLKEM1024 or their RFC names secp256r1, x25519, ...)");
        if (options.preferServerCipherSuites().isPresent()) {
            warning(key + "/preferServerCipherSuites", options.preferServerCipherSuites().get().toString(),
                    "deprecated and without effect (Traefik ignores it too)", entity);
        }
        return options.withClientAuth(clientAuth(options.clientAuth(), key + "/clientAuth", entity));
    }

    private void version(String name, String key, EntityRef entity) {
        if (!name.isEmpty() && !TlsNames.VERSIONS.contains(name)) {
            error(key, name, "unknown TLS version (expected one of " + String.join(", ", TlsNames.VERSIONS)
                    + "; Traefik would silently keep its default)", entity);
        }
    }

    /** Every name of a list not in {@code known} is an error on its item key ({@code cipherSuites/1}). */
    private void names(List<String> names, String listKey, Set<String> known, EntityRef entity, String reason) {
        for (int i = 0; i < names.size(); i++) {
            if (!known.contains(names.get(i))) {
                error(KeyPaths.item(listKey, Integer.toString(i)), names.get(i), reason, entity);
            }
        }
    }

    private ClientAuth clientAuth(ClientAuth clientAuth, String key, EntityRef entity) {
        String type = clientAuth.clientAuthType();
        if (!type.isEmpty() && !TlsNames.CLIENT_AUTH_TYPES.contains(type)) {
            error(key + "/clientAuthType", type, "unknown client authentication type (expected one of "
                    + String.join(", ", TlsNames.CLIENT_AUTH_TYPES) + ")", entity);
        }
        if (TlsNames.VERIFYING_CLIENT_AUTH_TYPES.contains(type) && clientAuth.caFiles().isEmpty()) {
            error(key + "/clientAuthType", type, "verifies client certificates but no clientAuth/caFiles are set "
                    + "(expected the CA files client certificates chain to)", entity);
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 0; i < clientAuth.caFiles().size(); i++) {
            FileOrContent caFile = clientAuth.caFiles().get(i);
            String caKey = KeyPaths.item(key + "/caFiles", Integer.toString(i));
            if (caFile.isEmpty()) {
                error(caKey, "", "empty CA file (expected PEM content or the path of a readable file)", entity);
                continue;
            }
            read(caFile, caKey, entity)
                    .flatMap(bytes -> parsed(caFile, caKey, entity, () -> PemKeyPairs.certificates(bytes)))
                    .ifPresent(certificates -> {
                        cas.addAll(certificates);
                        certificates.stream().filter(ca -> ca.getNotAfter().toInstant().isBefore(now)).forEach(ca ->
                                warning(caKey, caFile.shown(), "CA certificate " + ca.getSubjectX500Principal()
                                        + " expired on " + ca.getNotAfter().toInstant()
                                        + ": client certificates chaining to it are refused", entity));
                    });
        }
        return clientAuth.withCaCertificates(cas);
    }

    private TlsStore store(TlsStore store) {
        String key = DynamicKeys.RELATIVE.tlsStore(store.name());
        EntityRef entity = EntityRef.tlsStore(store.name());
        store.defaultGeneratedCert().ifPresent(generated -> {
            if (store.defaultCertificate().isPresent()) {
                warning(key + "/defaultGeneratedCert", generated.resolver(), "not used: defaultCertificate is set "
                        + "and wins, as in Traefik", entity);
            } else if (generated.resolver().isEmpty()
                    || generated.domain().map(domain -> domain.names().isEmpty()).orElse(true)) {
                warning(key + "/defaultGeneratedCert", generated.resolver(), "needs both resolver and domain "
                        + "(without either, Traefik serves its own generated certificate)", entity);
            }
        });
        return store.defaultCertificate()
                .map(files -> store.withDefaultCertificate(load(files, key + "/defaultCertificate", entity)))
                .orElse(store);
    }

    private Optional<byte[]> read(FileOrContent source, String key, EntityRef entity) {
        try {
            return Optional.of(source.read());
        } catch (IOException e) {
            error(key, source.shown(), e.getMessage(), entity);
            return Optional.empty();
        }
    }

    /** What PEM parsing gives, or an error that says whether the value was taken as a file or as content. */
    private <T> Optional<T> parsed(FileOrContent source, String key, EntityRef entity, PemStep<T> step) {
        try {
            return Optional.of(step.run());
        } catch (PemException e) {
            String reason;
            if (source.isPath()) {
                reason = "file " + source.text() + ": " + e.getMessage();
            } else if (!source.looksLikeContent()) {
                reason = "no file " + source.text() + " exists and the value is not PEM content (expected PEM "
                        + "content or the path of a readable file)";
            } else {
                reason = e.getMessage();
            }
            error(key, source.shown(), reason, entity);
            return Optional.empty();
        }
    }

    private int errorCount() {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    private void error(String key, String value, String reason, EntityRef entity) {
        problems.add(Problem.error(key, value, reason, entity));
    }

    private void warning(String key, String value, String reason, EntityRef entity) {
        problems.add(Problem.warning(key, value, reason, entity));
    }

    /** One PEM parsing step. */
    private interface PemStep<T> {
        T run() throws PemException;
    }
}
