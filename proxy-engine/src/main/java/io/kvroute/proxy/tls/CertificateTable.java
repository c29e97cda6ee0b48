package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The certificates of the default store, by the names they are matched by, and what is presented when none
 * matches: Traefik's order, an exact name first, then a wildcard covering exactly one label ({@code *.example.com}
 * for {@code a.example.com}, not for {@code a.b.example.com}), then the store's default certificate, then the
 * generated one. Certificates past their not-after at handshake time are skipped. Immutable.
 */
public final class CertificateTable {
    private final List<ServedCertificate> certificates;
    private final Map<String, List<ServedCertificate>> byName;
    private final Optional<ServedCertificate> storeDefault;
    private final ServedCertificate generated;

    /**
     * @param certificates the usable certificates of the default store, in Traefik's order (the first of several
     *                     for one name wins)
     */
    public CertificateTable(List<ServedCertificate> certificates, Optional<ServedCertificate> storeDefault,
            ServedCertificate generated) {
        this.certificates = List.copyOf(certificates);
        this.storeDefault = requireNonNull(storeDefault, "storeDefault");
        this.generated = requireNonNull(generated, "generated");
        Map<String, List<ServedCertificate>> names = new LinkedHashMap<>();
        for (ServedCertificate certificate : this.certificates) {
            for (String name : certificate.names()) {
                names.computeIfAbsent(name, n -> new ArrayList<>()).add(certificate);
            }
        }
        names.replaceAll((name, list) -> List.copyOf(list));
        this.byName = Map.copyOf(names);
    }

    /**
     * The certificate for {@code serverName} (lower case, or empty without SNI) as matched at {@code now}: exact,
     * wildcard, store default, generated; among several for the name, one whose key suits {@code keyType}. Empty
     * when the certificate for the name has a key of another type (the handshake then asks for another type).
     */
    public Optional<ServedCertificate> select(Optional<String> serverName, String keyType, Instant now) {
        List<ServedCertificate> named = named(serverName, now);
        if (!named.isEmpty()) {
            return named.stream().filter(c -> c.suits(keyType)).findFirst();
        }
        return Optional.of(storeDefault.filter(c -> c.validAt(now)).orElse(generated)).filter(c -> c.suits(keyType));
    }

    /** Whether a certificate of the store (exact or wildcard, valid at {@code now}) matches: what sniStrict asks. */
    public boolean covers(Optional<String> serverName, Instant now) {
        return !named(serverName, now).isEmpty();
    }

    /** The valid certificates of the exact name, else of its wildcard; empty without SNI. */
    private List<ServedCertificate> named(Optional<String> serverName, Instant now) {
        if (serverName.isEmpty()) {
            return List.of();
        }
        String name = serverName.get().toLowerCase(Locale.ROOT);
        List<ServedCertificate> exact = valid(byName.get(name), now);
        return !exact.isEmpty() ? exact : wildcardOf(name).map(w -> valid(byName.get(w), now)).orElse(List.of());
    }

    private static List<ServedCertificate> valid(List<ServedCertificate> candidates, Instant now) {
        return candidates == null ? List.of() : candidates.stream().filter(c -> c.validAt(now)).toList();
    }

    private static Optional<String> wildcardOf(String name) {
        int dot = name.indexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? Optional.empty() : Optional.of("*" + name.substring(dot));
    }

    /** Every certificate: the store's, its default, the generated one. */
    public List<ServedCertificate> all() {
        List<ServedCertificate> all = new ArrayList<>(certificates);
        storeDefault.ifPresent(all::add);
        all.add(generated);
        return all;
    }
}
