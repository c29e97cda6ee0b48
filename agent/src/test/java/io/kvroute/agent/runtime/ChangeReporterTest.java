package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.runtime.SourceDeclarations.SourceReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeReporterTest {
    private static SourceReport web(List<String> problems) {
        return new SourceReport("container web (0123456789ab)", List.of("container web: host network, port 80"),
                problems);
    }

    @Test
    void logsEachSourceOnlyWhenWhatItSaysChanges() {
        ChangeReporter reporter = new ChangeReporter();
        try (LogCapture log = new LogCapture(ChangeReporter.class)) {
            reporter.report(List.of(web(List.of())));
            reporter.report(List.of(web(List.of())));
            reporter.report(List.of(web(List.of("container web: label a=\"b\" (expected: c)"))));
            reporter.report(List.of(web(List.of("container web: label a=\"b\" (expected: c)"))));
            reporter.report(List.of(web(List.of())));

            assertThat(log.lines()).containsExactly(
                    "INFO container web: host network, port 80",
                    "WARN container web: label a=\"b\" (expected: c)",
                    "INFO container web (0123456789ab): no problems any more");
        }
    }

    @Test
    void aSourceThatWentAwayIsReportedAgainWhenItReturns() {
        ChangeReporter reporter = new ChangeReporter();
        try (LogCapture log = new LogCapture(ChangeReporter.class)) {
            reporter.report(List.of(web(List.of())));
            reporter.report(List.of());
            reporter.report(List.of(web(List.of())));

            assertThat(log.lines()).containsExactly(
                    "INFO container web: host network, port 80",
                    "INFO container web: host network, port 80");
        }
    }
}
