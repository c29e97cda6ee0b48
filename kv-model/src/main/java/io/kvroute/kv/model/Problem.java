package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something wrong with one key or value: which key, its value, how bad, and what was expected.
 * {@code entity} is the router, service or middleware the key belongs to, when it belongs to one; an
 * {@link Severity#ERROR} takes that entity (and only that entity) out of routing.
 */
public record Problem(String key, String value, Severity severity, String reason, Optional<EntityRef> entity) {
    public Problem {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        requireNonNull(severity, "severity");
        requireNonNull(reason, "reason");
        requireNonNull(entity, "entity");
    }

    public static Problem error(String key, String value, String reason, EntityRef entity) {
        return new Problem(key, value, Severity.ERROR, reason, Optional.ofNullable(entity));
    }

    public static Problem warning(String key, String value, String reason, EntityRef entity) {
        return new Problem(key, value, Severity.WARNING, reason, Optional.ofNullable(entity));
    }

    /**
     * The ERROR problems of {@code problems} that name an entity, as {@code "key: reason"} lines by entity in the
     * order they come: the reasons the proxy's routing builders (HTTP, TCP, UDP) leave those entities out with.
     */
    public static Map<EntityRef, List<String>> errorsByEntity(List<Problem> problems) {
        Map<EntityRef, List<String>> errors = new LinkedHashMap<>();
        for (Problem problem : problems) {
            if (problem.isError() && problem.entity().isPresent()) {
                errors.computeIfAbsent(problem.entity().get(), entity -> new ArrayList<>())
                        .add(problem.key() + ": " + problem.reason());
            }
        }
        errors.replaceAll((entity, reasons) -> List.copyOf(reasons));
        return Collections.unmodifiableMap(errors);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line for logs and {@code kv lint}: {@code error traefik/http/routers/web/priority="x": expected an integer}. */
    public String toLine() {
        return severity.label() + " " + key + "=\"" + value + "\": " + reason;
    }
}
