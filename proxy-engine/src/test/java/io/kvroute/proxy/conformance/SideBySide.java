package io.kvroute.proxy.conformance;

import java.util.List;

/** The printed comparison: one row per case, nginx's outcome next to kvroute's, and whether kvroute is worse. */
final class SideBySide {
    private static final String FORMAT = "%-34s | %-48s | %-48s | %s";

    private SideBySide() {
    }

    static String row(ConformanceCase testCase, Outcome nginx, Outcome kvroute, List<String> worse) {
        return String.format(FORMAT, testCase.name(), nginx.summary(), kvroute.summary(),
                worse.isEmpty() ? "ok" : "WORSE THAN NGINX: " + String.join("; ", worse));
    }

    static String table(List<String> rows) {
        String header = String.format(FORMAT, "case", "nginx: client | origin", "kvroute: client | origin", "verdict");
        return "\nkvroute versus nginx, case by case\n" + header + "\n" + "-".repeat(header.length()) + "\n"
                + String.join("\n", rows) + "\n";
    }
}
