package io.kvroute.proxy.health;

import io.kvroute.kv.gotext.GoDuration;

/** The "why" of each {@link HealthChange}, in words fit for a log line or the dashboard. */
final class ChangeReasons {
    private ChangeReasons() {
    }

    /** Why a probe result moved the server from {@code before} to {@code after}. */
    static String afterProbe(ServerHealth before, ServerHealth after, ProbeResult result) {
        String why;
        if (!result.healthy()) {
            why = "after " + count(after.consecutiveFailures(), "failed probe") + ": " + result.describe();
        } else if (before.probeState() == HealthState.UNKNOWN) {
            why = "after its first probe (" + result.describe() + ")";
        } else {
            why = "after " + count(after.consecutiveSuccesses(), "passed probe") + " (" + result.describe() + ")";
        }
        if (after.state() == HealthState.EJECTED) {
            return why + ", still ejected: " + after.ejection().orElseThrow().reason();
        }
        return why;
    }

    static String ejected(Ejection ejection) {
        return "for " + GoDuration.format(ejection.backoff()) + " (ejection " + ejection.streak() + " in a row): "
                + ejection.reason();
    }

    static String ejectionEnded(Ejection ejection) {
        return "after an ejection of " + GoDuration.format(ejection.backoff());
    }

    static String urlChanged(String previousUrl) {
        return "because it replaced " + previousUrl;
    }

    static String checkRemoved() {
        return "because its service no longer has a health check";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
