package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * What the proxy does with one router, service or middleware, in Traefik's terms: {@code enabled}, {@code warning}
 * (serving, but something in it is not applied as configured) or {@code disabled} (left out), the reasons
 * ({@code error[]} in Traefik's API) and the routers that use it ({@code usedBy}, qualified names).
 */
record EntityStatus(Kind status, List<String> errors, List<String> usedBy) {
    /** The three statuses of Traefik's API. */
    enum Kind {
        ENABLED, WARNING, DISABLED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    EntityStatus {
        requireNonNull(status, "status");
        errors = List.copyOf(errors);
        usedBy = List.copyOf(usedBy);
    }

    /** Disabled with {@code reasons}, or a warning with {@code warnings}, or enabled. */
    static EntityStatus of(List<String> reasons, List<String> warnings, List<String> usedBy) {
        if (!reasons.isEmpty()) {
            return new EntityStatus(Kind.DISABLED, reasons, usedBy);
        }
        return new EntityStatus(warnings.isEmpty() ? Kind.ENABLED : Kind.WARNING, warnings, usedBy);
    }
}
