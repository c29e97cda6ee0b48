package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/** One child of a weighted service: the child service's balancer and its weight (0 = drained). */
public record WeightedChild(ServiceBalancer balancer, long weight) implements ChildService {
    public WeightedChild {
        requireNonNull(balancer, "balancer");
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " for service " + balancer.service()
                    + " (expected: >= 0, 0 drains)");
        }
    }
}
