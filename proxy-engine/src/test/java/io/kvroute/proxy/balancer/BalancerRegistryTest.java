package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BalancerRegistryTest {
    private final UsabilityView health = new UsabilityBoard();
    private final Clock clock = Clock.systemUTC();

    @Test
    void unchangedServiceKeepsInstanceAndRoundRobinPosition() {
        BalancerRegistry.Builder first = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        ServerBalancer web = first.loadBalancer(spec("web", 5, 1, 1));
        BalancerRegistry registry = first.build();
        assertThat(Servers.sequence(web, 3)).isEqualTo("aab");

        BalancerRegistry.Builder second = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer carried = second.loadBalancer(spec("web", 5, 1, 1));
        assertThat(carried).isSameAs(web);
        assertThat(Servers.sequence(carried, 4)).isEqualTo("acaa");
        assertThat(second.build().balancer("web")).containsSame(web);
    }

    @Test
    void changedWeightsGetNewInstance() {
        BalancerRegistry.Builder first = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        ServerBalancer web = first.loadBalancer(spec("web", 1, 1));
        BalancerRegistry.Builder second = BalancerRegistry.builder(first.build(), health, clock);
        assertThat(second.loadBalancer(spec("web", 1, 2))).isNotSameAs(web);
    }

    @Test
    void otherHealthViewGetsNewInstance() {
        BalancerRegistry.Builder first = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        ServerBalancer web = first.loadBalancer(spec("web", 1));
        BalancerRegistry.Builder second = BalancerRegistry.builder(first.build(), UsabilityView.allUp(), clock);
        assertThat(second.loadBalancer(spec("web", 1))).isNotSameAs(web);
    }

    @Test
    void weightedServiceIsCarriedOverOnlyWithSameChildren() {
        BalancerRegistry.Builder first = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        ServerBalancer blue = first.loadBalancer(spec("blue", 1));
        ServerBalancer green = first.loadBalancer(spec("green", 1));
        WeightedBalancer canary = first.weighted("canary",
                List.of(new WeightedChild(blue, 3), new WeightedChild(green, 1)), Optional.empty());
        BalancerRegistry registry = first.build();

        BalancerRegistry.Builder same = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue2 = same.loadBalancer(spec("blue", 1));
        ServerBalancer green2 = same.loadBalancer(spec("green", 1));
        assertThat(same.weighted("canary", List.of(new WeightedChild(blue2, 3), new WeightedChild(green2, 1)),
                Optional.empty())).isSameAs(canary);

        BalancerRegistry.Builder changedChild = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue3 = changedChild.loadBalancer(spec("blue", 2));
        ServerBalancer green3 = changedChild.loadBalancer(spec("green", 1));
        assertThat(changedChild.weighted("canary", List.of(new WeightedChild(blue3, 3), new WeightedChild(green3, 1)),
                Optional.empty())).isNotSameAs(canary);

        BalancerRegistry.Builder changedWeight = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue4 = changedWeight.loadBalancer(spec("blue", 1));
        ServerBalancer green4 = changedWeight.loadBalancer(spec("green", 1));
        assertThat(changedWeight.weighted("canary", List.of(new WeightedChild(blue4, 1), new WeightedChild(green4, 1)),
                Optional.empty())).isNotSameAs(canary);
    }

    @Test
    void highestRandomWeightServiceIsCarriedOverOnlyWithSameNamesChildrenAndWeights() {
        BalancerRegistry.Builder first = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        ServerBalancer blue = first.loadBalancer(spec("blue", 1));
        RendezvousBalancer spread = first.rendezvous("spread", List.of(new RendezvousChild("blue", blue, 3)));
        BalancerRegistry registry = first.build();

        BalancerRegistry.Builder same = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue2 = same.loadBalancer(spec("blue", 1));
        assertThat(same.rendezvous("spread", List.of(new RendezvousChild("blue", blue2, 3)))).isSameAs(spread);

        BalancerRegistry.Builder renamed = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue3 = renamed.loadBalancer(spec("blue", 1));
        assertThat(renamed.rendezvous("spread", List.of(new RendezvousChild("blue@etcd", blue3, 3))))
                .as("the name is hashed").isNotSameAs(spread);

        BalancerRegistry.Builder reweighted = BalancerRegistry.builder(registry, health, clock);
        ServerBalancer blue4 = reweighted.loadBalancer(spec("blue", 1));
        assertThat(reweighted.rendezvous("spread", List.of(new RendezvousChild("blue", blue4, 1)))).isNotSameAs(spread);
    }

    @Test
    void serviceCanBeRegisteredOnce() {
        BalancerRegistry.Builder builder = BalancerRegistry.builder(BalancerRegistry.empty(), health, clock);
        builder.loadBalancer(spec("web", 1));
        assertThatThrownBy(() -> builder.loadBalancer(spec("web", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("service web already has a balancer");
    }

    private static ServerBalancer.Spec spec(String service, long... weights) {
        return new ServerBalancer.Spec(service, Servers.weighted(service, weights), true, Optional.empty());
    }
}
