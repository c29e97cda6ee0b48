package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Traefik {@code mirroring} service: requests are served by the main service's balancer, and a request's first
 * pick also names the mirrors that get a copy of it once its response has ended. The share each mirror gets is
 * Traefik's count: the n-th request goes to a mirror of {@code percent} when the mirror has had fewer than
 * {@code n * percent / 100} copies so far, so 10 percent sends requests 1, 11, 21, ... Mirrors never change the main
 * response; what they answer is discarded.
 */
public final class MirroringBalancer implements ServiceBalancer {
    /** One mirror: its service's balancer and the percentage of requests it gets (0-100). */
    public record Mirror(ServiceBalancer balancer, int percent) {
        public Mirror {
            requireNonNull(balancer, "balancer");
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent: " + percent + " for mirror " + balancer.service()
                        + " (expected: 0-100)");
            }
        }
    }

    /** The settings of a mirroring service besides its balancers: {@code mirrorBody} and {@code maxBodySize}. */
    public record Body(boolean mirrored, long maxSize) {
    }

    private final String service;
    private final ServiceBalancer main;
    private final List<Mirror> mirrors;
    private final Body body;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private long total;
    @GuardedBy("lock")
    private final long[] sent;

    MirroringBalancer(String service, ServiceBalancer main, List<Mirror> mirrors, Body body) {
        this.service = requireNonNull(service, "service");
        this.main = requireNonNull(main, "main");
        this.mirrors = List.copyOf(mirrors);
        this.body = requireNonNull(body, "body");
        this.sent = new long[this.mirrors.size()];
    }

    @Override
    public String service() {
        return service;
    }

    public ServiceBalancer main() {
        return main;
    }

    public List<Mirror> mirrors() {
        return mirrors;
    }

    public Body body() {
        return body;
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        Optional<Pick> pick = main.pick(exclude, request);
        if (pick.isEmpty() || !exclude.isEmpty() || mirrors.isEmpty()) {
            return pick;
        }
        return Optional.of(pick.get().withMirrors(nextCopies()));
    }

    /** The mirrors of the next request, by Traefik's count. */
    List<MirrorCopy> nextCopies() {
        List<MirrorCopy> copies = new ArrayList<>(mirrors.size());
        synchronized (lock) {
            total++;
            for (int i = 0; i < mirrors.size(); i++) {
                if (sent[i] * 100 < total * mirrors.get(i).percent()) {
                    sent[i]++;
                    copies.add(new MirrorCopy(mirrors.get(i).balancer(), body.mirrored(), body.maxSize()));
                }
            }
        }
        return copies;
    }

    @Override
    public boolean hasUsableServer(Set<ServerKey> exclude) {
        return main.hasUsableServer(exclude);
    }

    @Override
    public boolean hasUndrainedServer(Set<ServerKey> exclude) {
        return main.hasUndrainedServer(exclude);
    }

    /** The main service's servers: those that answer the requests. */
    @Override
    public List<BalancedServer> servers() {
        return main.servers();
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MirroringBalancer[" + service + ", main " + main.service() + ", " + mirrors.size() + " mirrors]";
    }
}
