package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.kv.status.AgentStatusJson;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This agent's status key ({@link AgentStatusKeys}): node, version, layout, lease TTL and id, the keys it holds and its
 * problems, put on the agent's lease (so it goes when the agent dies) and put again only when that content changed
 * (a new lease, other keys, other problems), not at every pass: 50 agents in sync cost the store nothing for it.
 *
 * <p>Best-effort: the key is informational and lies outside the Traefik prefix, which is all an etcd role or Consul
 * ACL token may grant, so a store that refuses it is logged (once when it starts failing, once when it works again)
 * and tried again at the next pass, never thrown: the server keys, the pass and the agent's health do not depend on
 * it. Confined to the registrar's reconcile thread.
 */
final class StatusKey {
    private static final Logger LOG = LoggerFactory.getLogger(StatusKey.class);

    private final String key;
    private final String node;
    private final String version;
    private final String layout;
    private final Clock clock;
    /** The status last put, on the lease it names; null before the first put. */
    private AgentStatus written;
    /** The kind of the failure of the last put, or null when it worked (or none was tried). */
    private KvStoreException.Kind failing;

    StatusKey(String node, Layout layout, Clock clock) {
        this.key = AgentStatusKeys.key(node);
        this.node = node;
        this.layout = layout.name().toLowerCase(Locale.ROOT);
        this.version = Optional.ofNullable(StatusKey.class.getPackage().getImplementationVersion()).orElse("dev");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Puts the status of {@code lease} with {@code keys} and {@code problems} unless the one last put says the same;
     * a store failure is logged, not thrown, and the put is tried again at the next call.
     */
    void write(TimedStore store, Lease lease, int keys, List<AgentProblem> problems) {
        AgentStatus status = new AgentStatus(node, version, layout, lease.ttl().toSeconds(), lease.id(), keys, problems,
                clock.instant());
        if (status.sameContentAs(written)) {
            return;
        }
        try {
            store.commit(KvTransaction.builder().put(key, AgentStatusJson.write(status), lease).build());
        } catch (KvStoreException e) {
            if (failing != e.kind()) {
                LOG.warn("status key {} not written ({}: {}); the server keys are unaffected; retrying at each pass",
                        key, e.kind(), e.getMessage());
            }
            failing = e.kind();
            return;
        }
        if (failing != null) {
            LOG.info("status key {} written again", key);
            failing = null;
        }
        written = status;
    }

    /**
     * Deletes the key when this agent put it, best-effort: a failure is logged, not thrown (the key goes with the
     * lease when it is revoked or expires).
     */
    void delete(TimedStore store) {
        if (written == null) {
            return;
        }
        try {
            store.commit(KvTransaction.builder().delete(key).build());
            written = null;
        } catch (KvStoreException e) {
            LOG.info("status key {} not deleted ({}: {}); it goes with the lease", key, e.kind(), e.getMessage());
        }
    }
}
