package io.kvroute.agent.runtime;

import java.util.Map;
import java.util.TreeMap;

/** The keys the agent is expected to hold in the store, in the Traefik v3 layout under a test prefix. */
final class ExpectedKeys {
    private ExpectedKeys() {
    }

    /** {@code servers} plus the router named after {@code service}: its {@code Host(`host`)} rule and service. */
    static Map<String, String> withRouter(String prefix, String service, String host, Map<String, String> servers) {
        Map<String, String> expected = new TreeMap<>(servers);
        expected.put(prefix + "/http/routers/" + service + "/rule", "Host(`" + host + "`)");
        expected.put(prefix + "/http/routers/" + service + "/service", service);
        return expected;
    }
}
