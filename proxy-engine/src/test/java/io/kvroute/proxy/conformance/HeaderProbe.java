package io.kvroute.proxy.conformance;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A header a client sent that must not reach the origin as sent: it matches a forwarded field of the same name (also
 * with {@code _} and {@code -} swapped, so a proxy that renames {@code X_Real_IP} to {@code X-Real-IP} is caught)
 * whose value contains {@code value}.
 */
record HeaderProbe(String name, String value) {
    HeaderProbe {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
    }

    boolean matches(ReceivedRequest request) {
        String dashed = name.replace('_', '-');
        return request.headers().stream()
                .filter(h -> h.named(name) || h.name().replace('_', '-').equalsIgnoreCase(dashed))
                .anyMatch(h -> h.value().toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
