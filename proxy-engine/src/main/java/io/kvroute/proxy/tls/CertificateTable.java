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
     * The certificate for {@code serverName} (lower case, or empty without SNI) whose key suits {@code keyType}, as
     * matched at {@code now}: exact, wildcard, store default, generated.
     */
    public ServedCertificate select(Optional<String> serverName, String keyType, Instant now) {
        return matching(serverName, keyType, now)
                .or(() -> storeDefault.filter(c -> c.suits(keyType) && c.validAt(now)))
                .orElse(generated);
    }

    /** Whether a certificate of the store (exact or wildcard, valid at {@code now}) matches: what sniStrict asks. */
    public boolean covers(Optional<String> serverName, Instant now) {
        return serverName.isPresent() && (first(byName.get(serverName.get()), null, now).isPresent()
                || wildcardOf(serverName.get()).flatMap(w -> first(byName.get(w), null, now)).isPresent());
    }

    private Optional<ServedCertificate> matching(Optional<String> serverName, String keyType, Instant now) {
        if (serverName.isEmpty()) {
            return Optional.empty();
        }
        String name = serverName.get().toLowerCase(Locale.ROOT);
        return first(byName.get(name), keyType, now)
                .or(() -> wildcardOf(name).flatMap(wildcard -> first(byName.get(wildcard), keyType, now)));
    }

    private static Optional<ServedCertificate> first(List<ServedCertificate> candidates, String keyType,
            Instant now) {
        if (candidates == null) {
            return Optional.empty();
        }
        return candidates.stream().filter(c -> (keyType == null || c.suits(keyType)) && c.validAt(now)).findFirst();
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
