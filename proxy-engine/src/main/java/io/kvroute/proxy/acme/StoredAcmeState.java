package io.kvroute.proxy.acme;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store holds under the ACME prefix, decoded: account values by resolver (opened only when an order needs
 * them), certificates by store key (opened: chain and private key) with the values they were opened from, what could
 * not be read by store key, the lock keys present, the HTTP-01 answers by token, the TLS-ALPN-01 challenge
 * certificates by the name they answer for, and order failures by store key. Without a cipher no certificate is
 * opened (none can be served).
 */
record StoredAcmeState(Map<String, String> accounts, Map<String, AcmeCertificate> certificates,
        Map<String, String> certificateValues, Map<String, String> unreadable, Set<String> locks,
        Map<String, String> http01Answers, Map<String, AcmeCertificate> tlsAlpn01Certificates,
        Map<String, OrderFailure> failures) {
    static final StoredAcmeState EMPTY = new StoredAcmeState(Map.of(), Map.of(), Map.of(), Map.of(), Set.of(),
            Map.of(), Map.of(), Map.of());

    StoredAcmeState {
        accounts = Map.copyOf(accounts);
        certificates = Map.copyOf(certificates);
        certificateValues = Map.copyOf(certificateValues);
        unreadable = Map.copyOf(unreadable);
        locks = Set.copyOf(locks);
        http01Answers = Map.copyOf(http01Answers);
        tlsAlpn01Certificates = Map.copyOf(tlsAlpn01Certificates);
        failures = Map.copyOf(failures);
    }

    /**
     * {@code snapshot} read by {@code layout}; keys of resolvers not in {@code resolvers} are ignored. A certificate
     * whose value is the one {@code previous} opened is taken from it, not opened again: the watch delivers every
     * lock and answer written, and opening costs a decryption and a signature check per certificate.
     */
    static StoredAcmeState decode(KvSnapshot snapshot, AcmeStoreLayout layout, Set<String> resolvers,
            Optional<StorageCipher> cipher, StoredAcmeState previous) {
        Map<String, String> accounts = new HashMap<>();
        Map<String, AcmeCertificate> certificates = new HashMap<>();
        Map<String, String> certificateValues = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        Set<String> locks = new HashSet<>();
        Map<String, String> answers = new HashMap<>();
        Map<String, AcmeCertificate> alpnCertificates = new HashMap<>();
        Map<String, OrderFailure> failures = new HashMap<>();
        for (KvPair pair : snapshot.pairs()) {
            Optional<AcmeStoreLayout.Parsed> parsed = layout.parse(pair.key())
                    .filter(key -> resolvers.contains(key.resolver()));
            if (parsed.isEmpty()) {
                continue;
            }
            switch (parsed.get().kind()) {
                case AcmeStoreLayout.ACCOUNT -> accounts.put(parsed.get().resolver(), pair.value());
                case AcmeStoreLayout.LOCKS -> locks.add(pair.key());
                case AcmeStoreLayout.HTTP01 -> answers.put(parsed.get().name(), pair.value());
                case AcmeStoreLayout.TLS_ALPN01 -> cipher.ifPresent(open -> {
                    try {
                        alpnCertificates.put(parsed.get().name(), StoredValues.certificate(pair.key(),
                                parsed.get().resolver(), pair.value(), open));
                    } catch (IllegalArgumentException e) {
                        unreadable.put(pair.key(), e.getMessage());
                    }
                });
                case AcmeStoreLayout.FAILURES -> {
                    try {
                        failures.put(pair.key(), StoredValues.failure(pair.key(), pair.value()));
                    } catch (IllegalArgumentException e) {
                        unreadable.put(pair.key(), e.getMessage());
                    }
                }
                default -> cipher.ifPresent(open -> {
                    try {
                        certificates.put(pair.key(), pair.value().equals(previous.certificateValues().get(pair.key()))
                                ? previous.certificates().get(pair.key())
                                : StoredValues.certificate(pair.key(), parsed.get().resolver(), pair.value(), open));
                        certificateValues.put(pair.key(), pair.value());
                    } catch (IllegalArgumentException e) {
                        unreadable.put(pair.key(), e.getMessage());
                    }
                });
            }
        }
        return new StoredAcmeState(accounts, certificates, certificateValues, unreadable, locks, answers, alpnCertificates,
                failures);
    }
}
