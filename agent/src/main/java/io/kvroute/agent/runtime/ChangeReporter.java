package io.kvroute.agent.runtime;

import io.kvroute.agent.runtime.SourceDeclarations.SourceReport;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what each recompute found about each source, but only when it changed: an address choice once per
 * container, a problem once per change (not on every one of the many recomputes). Sources that disappear are
 * forgotten, so a container that comes back is reported again. Confined to the agent's thread.
 */
final class ChangeReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeReporter.class);

    private final Map<String, SourceReport> last = new HashMap<>();

    void report(List<SourceReport> reports) {
        Set<String> seen = new HashSet<>();
        for (SourceReport report : reports) {
            seen.add(report.subject());
            SourceReport previous = last.put(report.subject(), report);
            if (previous == null || !previous.infos().equals(report.infos())) {
                report.infos().forEach(line -> LOG.info("{}", line));
            }
            if (previous == null || !previous.problems().equals(report.problems())) {
                report.problems().forEach(line -> LOG.warn("{}", line));
                if (previous != null && !previous.problems().isEmpty() && report.problems().isEmpty()) {
                    LOG.info("{}: no problems any more", report.subject());
                }
            }
        }
        last.keySet().retainAll(seen);
    }
}
