package io.kvroute.proxy.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * When an outcome is unsafe: on its own (a completed incomplete request, a processed smuggled request, ambiguous
 * framing at the origin, a client header that must not pass), and compared with nginx's outcome of the same case
 * ("worse than nginx"): where nginx refuses and sends nothing, kvroute sends nothing; where nginx completes no request
 * (it buffers a body and gives up), kvroute completes none, though a streaming proxy may have sent the head.
 */
final class SafetyRules {
    private SafetyRules() {
    }

    /**
     * What makes {@code outcome} unsafe whatever another proxy does: a completed request the client did not finish,
     * more answers than requests sent (smuggled bytes processed), ambiguous framing forwarded to the origin.
     */
    static List<String> absolute(ConformanceCase testCase, Outcome outcome) {
        List<String> unsafe = new ArrayList<>();
        OriginTraffic traffic = outcome.origin();
        if (testCase.incomplete() && !traffic.completed().isEmpty()) {
            unsafe.add("completed " + traffic.completed() + " at the origin, but the client's request was incomplete "
                    + "or malformed");
        }
        int answers = outcome.client().responses().size();
        if (answers > testCase.responses()) {
            unsafe.add("answered " + answers + " responses to " + testCase.responses()
                    + " request(s): bytes after a request were processed as another one");
        }
        for (ReceivedRequest request : traffic.completed()) {
            String defect = request.framingDefect();
            if (!defect.isEmpty()) {
                unsafe.add("forwarded " + request.requestLine() + " with " + defect);
            }
        }
        return unsafe;
    }

    /** The client headers of {@code testCase} that reached the origin as sent. */
    static List<String> leakedProbes(ConformanceCase testCase, Outcome outcome) {
        return testCase.probes().stream().filter(outcome.origin()::carries)
                .map(probe -> "forwarded the client's \"" + probe + "\"").toList();
    }

    /** Where kvroute's outcome is less safe than nginx's for the same case. */
    static List<String> worseThanNginx(ConformanceCase testCase, Outcome nginx, Outcome kvroute) {
        List<String> worse = new ArrayList<>(absolute(testCase, kvroute));
        if (refused(nginx) && !kvroute.origin().nothing()) {
            worse.add("sent " + kvroute.origin().summary() + " to the origin where nginx refused (" + nginx.client()
                    .status() + ") and sent nothing");
        }
        int nginxRequests = nginx.origin().completed().size();
        int kvrouteRequests = kvroute.origin().completed().size();
        if (kvrouteRequests > nginxRequests) {
            worse.add("forwarded " + kvrouteRequests + " complete request(s) " + kvroute.origin().completed()
                    + " where nginx forwarded " + nginxRequests);
        }
        for (HeaderProbe probe : testCase.probes()) {
            if (kvroute.origin().carries(probe) && !nginx.origin().carries(probe)) {
                worse.add("forwarded the client's \"" + probe + "\", which nginx did not");
            }
        }
        if (kvroute.client().tunnelled() && !nginx.client().tunnelled()) {
            worse.add("tunnelled the client to the origin, which nginx did not");
        }
        return worse;
    }

    /** nginx answered with an error and sent the origin not one byte. */
    private static boolean refused(Outcome nginx) {
        return nginx.client().status() >= 400 && nginx.origin().nothing();
    }
}
