package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.config.DecodedConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@link Redaction} of the configuration the proxy holds now, worked out once per configuration. It also hides
 * the secrets of the configuration before, so that an answer built while the configuration changed is still fully
 * redacted. {@link WebRoutes} attaches it to every exchange, and {@link Responses} applies it to every JSON answer.
 */
final class CurrentRedaction implements Supplier<Redaction> {
    private static final AttachmentKey<CurrentRedaction> KEY = AttachmentKey.create(CurrentRedaction.class);

    /** The configuration a redaction was worked out for, its own secrets, and those shown hidden (with the last). */
    private record Memo(Optional<DecodedConfig> config, Redaction own, Redaction hidden) {
    }

    private final Supplier<Optional<DecodedConfig>> config;
    private final AtomicReference<Memo> memo = new AtomicReference<>();

    CurrentRedaction(Supplier<Optional<DecodedConfig>> config) {
        this.config = requireNonNull(config, "config");
    }

    @Override
    public Redaction get() {
        Optional<DecodedConfig> now = config.get();
        Memo last = memo.get();
        if (last != null && last.config().orElse(null) == now.orElse(null)) {
            return last.hidden();
        }
        Redaction own = now.map(Redaction::of).orElseGet(Redaction::nothingConfigured);
        Memo next = new Memo(now, own, last == null ? own : own.and(last.own()));
        memo.set(next);
        return next.hidden();
    }

    void attachTo(HttpServerExchange exchange) {
        exchange.putAttachment(KEY, this);
    }

    /**
     * The redaction for an answer on {@code exchange}.
     *
     * @throws IllegalStateException if none is attached (the answer would go out unredacted)
     */
    static Redaction of(HttpServerExchange exchange) {
        CurrentRedaction current = exchange.getAttachment(KEY);
        if (current == null) {
            throw new IllegalStateException("no redaction attached to " + exchange.getRequestPath()
                    + " (expected: every JSON answer goes through WebRoutes)");
        }
        return current.get();
    }
}
