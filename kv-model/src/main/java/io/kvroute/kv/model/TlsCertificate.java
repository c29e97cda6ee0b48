package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entry of {@code tls/certificates} (Traefik's {@code tls.CertAndStores}): its id (the key segment,
 * {@code tls/certificates/<id>/...}; the position in Traefik's list when read from JSON), its files, and the stores
 * it is added to. No stores means the {@code default} store, as Traefik does; a store named here but not defined
 * under {@code tls/stores} exists anyway (Traefik creates it).
 */
public record TlsCertificate(String id, CertificateFiles files, List<String> stores) {
    public TlsCertificate {
        requireNonNull(id, "id");
        requireNonNull(files, "files");
        stores = List.copyOf(requireNonNull(stores, "stores"));
    }

    public TlsCertificate withId(String newId) {
        return new TlsCertificate(newId, files, stores);
    }

    public TlsCertificate withFiles(CertificateFiles newFiles) {
        return new TlsCertificate(id, newFiles, stores);
    }
}
