package io.kvroute.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kvroute against its target outcome in every conformance case, over raw sockets: the status the client gets, whether
 * the connection is closed, and the exact requests that reach the recording origin behind the proxy (nothing, no
 * complete request, or exactly the expected ones with the expected fields).
 */
class KvrouteConformanceIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static RecordingOrigin origin;
    private static RunningProxy proxy;
    private static ProxyUnderTest kvroute;

    @BeforeAll
    static void startProxy() {
        origin = RecordingOrigin.start();
        proxy = RunningProxy.start(ETCD);
        proxy.apply(ConformanceRoutes.traefikKeys(origin.url()));
        kvroute = new ProxyUnderTest("kvroute", proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort(), origin);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    static List<ConformanceCase> cases() {
        return ConformanceCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void meetsItsTarget(ConformanceCase testCase) {
        Outcome outcome = kvroute.run(testCase);

        List<String> missed = new ArrayList<>(testCase.target().missedBy(outcome));
        missed.addAll(SafetyRules.absolute(testCase, outcome));
        missed.addAll(SafetyRules.leakedProbes(testCase, outcome));
        assertThat(missed).as("case %s (%s)%n  sent:       %s%n  kvroute:    %s%n  answered:   %s%n"
                        + "  origin got: %s", testCase.name(), testCase.target().why(),
                RawBytes.escape(testCase.request() + testCase.continuation()), outcome.summary(),
                outcome.client().heads(), outcome.origin().dump()).isEmpty();
    }
}
