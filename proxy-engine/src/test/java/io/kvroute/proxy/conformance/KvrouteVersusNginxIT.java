package io.kvroute.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conformance case through nginx (the reference, Debian's package) and through kvroute, each in front of its
 * own recording origin. kvroute must be at least as safe as nginx in each: nothing sent to the origin where nginx
 * refuses, no more complete requests than nginx forwards, no client header nginx strips, no tunnel nginx does not
 * open, and never a completed incomplete request or an answer to smuggled bytes ({@link SafetyRules}). After the last case the side-by-side table is printed and written to
 * {@code target/conformance/kvroute-vs-nginx.txt}, so a regression shows as "worse than nginx".
 */
class KvrouteVersusNginxIT {
    @RegisterExtension
    static final NginxExtension NGINX = new NginxExtension();
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final List<String> ROWS = new ArrayList<>();
    private static RecordingOrigin nginxOrigin;
    private static RecordingOrigin kvrouteOrigin;
    private static RunningProxy proxy;
    private static ProxyUnderTest nginx;
    private static ProxyUnderTest kvroute;

    @BeforeAll
    static void startBoth() throws IOException {
        nginxOrigin = RecordingOrigin.start();
        nginx = new ProxyUnderTest("nginx", NGINX.start(nginxOrigin.port()), nginxOrigin);
        kvrouteOrigin = RecordingOrigin.start();
        proxy = RunningProxy.start(ETCD);
        proxy.apply(ConformanceRoutes.traefikKeys(kvrouteOrigin.url()));
        kvroute = new ProxyUnderTest("kvroute", proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort(),
                kvrouteOrigin);
    }

    @AfterAll
    static void printTableAndStop() throws IOException {
        Path report = Path.of(System.getProperty("user.dir"), "target", "conformance", "kvroute-vs-nginx.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, SideBySide.table(ROWS));
        System.out.println(SideBySide.table(ROWS));
        if (proxy != null) {
            proxy.close();
        }
        for (RecordingOrigin origin : new RecordingOrigin[] {nginxOrigin, kvrouteOrigin}) {
            if (origin != null) {
                origin.close();
            }
        }
    }

    static List<ConformanceCase> cases() {
        return ConformanceCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAtLeastAsSafeAsNginx(ConformanceCase testCase) {
        Outcome byNginx = nginx.run(testCase);
        Outcome byKvroute = kvroute.run(testCase);

        List<String> worse = SafetyRules.worseThanNginx(testCase, byNginx, byKvroute);
        ROWS.add(SideBySide.row(testCase, byNginx, byKvroute, worse));
        assertThat(worse).as("case %s: kvroute is worse than nginx%n  sent:    %s%n  nginx:   %s%n  kvroute: %s%n"
                        + "  kvroute's origin got: %s", testCase.name(),
                RawBytes.escape(testCase.request() + testCase.continuation()), byNginx.summary(), byKvroute.summary(),
                byKvroute.origin().dump()).isEmpty();
    }
}
