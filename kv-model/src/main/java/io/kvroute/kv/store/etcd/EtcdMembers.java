package io.kvroute.kv.store.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Client;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of the etcd cluster, a jetcd client each, and the member that calls, watches and lease keep-alives go
 * to now, first a member picked at random (so that a fleet of proxies spreads its reads, watches and keep-alives
 * over the cluster, and does not move all at once when one member hangs). A call that gets no answer in time, or
 * {@code UNAVAILABLE}, moves the store on to the next member (unless another call did already), so the next attempt
 * goes elsewhere whatever other calls were made meanwhile; a call the member could not even be sent to (connection
 * refused) is tried on the next members within its deadline, or, with a single member, on that member again until
 * its deadline (etcd restarting); a call etcd refused for an auth token it forgot is sent once more with a new one.
 * No other call is sent twice: jetcd's own retries are off (see {@link EtcdClientFactory}). The same rule as the
 * agent's adapter over the JSON gateway.
 *
 * <p>Why not one jetcd client over every endpoint: its gRPC channel picks round-robin among the members whose
 * connection is open, and a hung member's (SIGSTOP, or a partition that leaves TCP up) stays open until gRPC's
 * keep-alive gives up on it (10 s at the very least, 40 s with jetcd's defaults). A second try of an unanswered read
 * went back to the hung member whenever the calls made meanwhile had moved the pick on by a multiple of the member
 * count: the proxy's reads, which interleave with its other watchers' and its lease's, saw that for seconds in a row.
 */
final class EtcdMembers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdMembers.class);
    /** Between two tries of a call a single member refused: gRPC reconnects after a second at the soonest anyway. */
    private static final Duration REFUSED_PAUSE = Duration.ofMillis(100);

    /** One member: its place in the endpoint list, its URL and the jetcd client that reaches only it. */
    record Member(int index, String url, Client client) {
    }

    private final String store;
    private final List<Member> members;
    private final AtomicInteger current;

    /** Connects lazily: a member's client reaches it on its first call. */
    EtcdMembers(StoreSettings settings, String store) {
        requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        List<String> urls = settings.etcdMemberUrls();
        List<Member> created = new ArrayList<>(urls.size());
        for (String url : urls) {
            created.add(new Member(created.size(), url, EtcdClientFactory.create(settings, url)));
        }
        this.members = List.copyOf(created);
        this.current = new AtomicInteger(ThreadLocalRandom.current().nextInt(members.size()));
    }

    /** The member calls go to now. */
    Member current() {
        return members.get(current.get());
    }

    /**
     * Sends {@code request} to the current member and waits at most {@code timeout} for the answer; a member that
     * refused the connection is passed over for the next one within the same deadline, at most once each, or, when it
     * is the only member, asked again until the deadline; a refused auth token is renewed and the call sent once more.
     */
    <T> T call(String call, Duration timeout, Function<Client, CompletableFuture<T>> request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int triesLeft = members.size();
        boolean tokenRenewed = false;
        while (true) {
            Member member = current();
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                return EtcdErrors.await(request.apply(member.client()), Duration.ofNanos(left), timeout, store, call);
            } catch (KvStoreException e) {
                unanswered(member, e);
                if (!tokenRenewed && EtcdErrors.tokenRefused(e)) {
                    tokenRenewed = true;
                    continue;
                }
                if (EtcdErrors.notSent(e) && members.size() > 1 && --triesLeft > 0
                        && deadline - System.nanoTime() > 0) {
                    continue;
                }
                if (EtcdErrors.notSent(e) && members.size() == 1
                        && deadline - System.nanoTime() > REFUSED_PAUSE.toNanos()) {
                    pause(e);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void pause(KvStoreException refused) {
        try {
            Thread.sleep(REFUSED_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused;
        }
    }

    /**
     * Notes how a call to {@code member} failed: no answer in time or {@code UNAVAILABLE} moves the store on from it
     * (unless another call did already, or it is the only member: then nothing moves and nothing is logged); any
     * other failure is the member's answer and keeps it.
     */
    void unanswered(Member member, KvStoreException failure) {
        if (members.size() == 1 || failure.kind() != Kind.TIMEOUT && failure.kind() != Kind.UNAVAILABLE) {
            return;
        }
        int next = (member.index() + 1) % members.size();
        if (current.compareAndSet(member.index(), next)) {
            LOG.info("{} (member {}); calls go to {} now", failure.getMessage(), member.url(),
                    members.get(next).url());
        }
    }

    @Override
    public void close() {
        members.forEach(member -> member.client().close());
    }
}
