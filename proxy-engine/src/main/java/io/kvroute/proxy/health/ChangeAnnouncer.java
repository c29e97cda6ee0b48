package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each {@link HealthChange} known once it is published: a log line (WARN when the server became unusable,
 * INFO otherwise), a metrics count, and the listener, whose failures are logged and go no further.
 */
final class ChangeAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(ChangeAnnouncer.class);

    private final HealthListener listener;
    private final HealthMetrics metrics;

    ChangeAnnouncer(HealthListener listener, HealthMetrics metrics) {
        this.listener = requireNonNull(listener, "listener");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    void announce(HealthView published, Optional<HealthChange> change) {
        change.ifPresent(c -> announce(published, List.of(c)));
    }

    /** Announces each of {@code changes}, all of which {@code published} contains. */
    void announce(HealthView published, List<HealthChange> changes) {
        for (HealthChange change : changes) {
            if (change.to().isUsable()) {
                log.info("{}", change.describe());
            } else {
                log.warn("{}", change.describe());
            }
            metrics.stateChanged(change);
            try {
                listener.healthChanged(change, published);
            } catch (RuntimeException e) {
                log.warn("health listener failed on \"{}\"", change.describe(), e);
            }
        }
    }
}
