package io.kvroute.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;

/** Shortcuts for discovery tests. */
final class Outcomes {
    static final DiscoverySettings SETTINGS = DiscoverySettings.defaults("node1", AddressPolicy.onHost("10.0.0.1"));

    private Outcomes() {
    }

    static DiscoveryOutcome discover(TestContainer container) {
        return ContainerDiscovery.discover(container.build(), SETTINGS);
    }

    static DiscoveryOutcome discover(ContainerInfo container, DiscoverySettings settings) {
        return ContainerDiscovery.discover(container, settings);
    }

    static Declaration declared(DiscoveryOutcome outcome) {
        assertThat(outcome).isInstanceOf(DiscoveryOutcome.Declared.class);
        return ((DiscoveryOutcome.Declared) outcome).declaration();
    }

    static DiscoveryOutcome.Failed failed(DiscoveryOutcome outcome) {
        assertThat(outcome).isInstanceOf(DiscoveryOutcome.Failed.class);
        return (DiscoveryOutcome.Failed) outcome;
    }

    static Router router(Declaration declaration, String name) {
        return declaration.config().router(name).orElseThrow(() -> new AssertionError("no router " + name
                + " in " + declaration.config().routers().keySet()));
    }

    static LoadBalancerService service(Declaration declaration, String name) {
        return (LoadBalancerService) declaration.config().service(name).orElseThrow(() -> new AssertionError(
                "no service " + name + " in " + declaration.config().services().keySet()));
    }

    static Server onlyServer(Declaration declaration, String service) {
        assertThat(service(declaration, service).servers()).hasSize(1);
        return service(declaration, service).servers().get(0);
    }
}
