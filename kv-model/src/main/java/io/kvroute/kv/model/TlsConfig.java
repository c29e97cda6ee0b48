package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * One provider's {@code tls} section: certificates in Traefik's order, options and stores by name (sorted). Like
 * {@link HttpConfig}, entries with problems stay; consumers leave out those with an error problem naming them
 * ({@link EntityRef.Kind#TLS_CERTIFICATE}, {@link EntityRef.Kind#TLS_OPTIONS}, {@link EntityRef.Kind#TLS_STORE}).
 */
public record TlsConfig(List<TlsCertificate> certificates, SortedMap<String, TlsOptions> options,
        SortedMap<String, TlsStore> stores) {
    private static final TlsConfig EMPTY = new TlsConfig(List.of(), ImmutableSortedMap.of(), ImmutableSortedMap.of());

    public TlsConfig {
        certificates = List.copyOf(requireNonNull(certificates, "certificates"));
        options = checked("options", options, TlsOptions::name);
        stores = checked("stores", stores, TlsStore::name);
    }

    public static TlsConfig empty() {
        return EMPTY;
    }

    private static <T> SortedMap<String, T> checked(String field, SortedMap<String, T> map, Function<T, String> name) {
        requireNonNull(map, field);
        for (Map.Entry<String, T> entry : map.entrySet()) {
            String entryName = name.apply(entry.getValue());
            if (!entry.getKey().equals(entryName)) {
                throw new IllegalArgumentException(field + ": key \"" + entry.getKey()
                        + "\" (expected: the entry's name \"" + entryName + "\")");
            }
        }
        return ImmutableSortedMap.copyOf(map);
    }
}
