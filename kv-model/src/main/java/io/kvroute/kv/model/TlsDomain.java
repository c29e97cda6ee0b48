package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Stream;

/** Traefik's {@code types.Domain}: a main name and subject alternative names a certificate is issued for. */
public record TlsDomain(String main, List<String> sans) {
    public TlsDomain {
        requireNonNull(main, "main");
        sans = List.copyOf(requireNonNull(sans, "sans"));
    }

    /** Main first, then the SANs: Traefik's {@code ToStrArray}. */
    public List<String> names() {
        return main.isEmpty() ? sans : Stream.concat(Stream.of(main), sans.stream()).toList();
    }
}
