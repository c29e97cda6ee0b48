package io.kvroute.kv.testing.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.Objects.requireNonNull;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.kvroute.kv.store.StoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * <b>A stub of Consul's documented HTTP API, not Consul.</b> A WireMock server on a free 127.0.0.1 port whose
 * extension ({@link ConsulHttpApi}) keeps Consul's state in memory and answers the endpoints kvroute's Consul adapter
 * uses, with the semantics Consul's API documentation gives them:
 * <ul>
 *   <li>{@code /v1/kv/<key>}: GET plain, {@code raw}, {@code recurse}, {@code keys[&separator]}, blocking with
 *       {@code index} and {@code wait}; PUT with {@code flags}, {@code cas}, {@code acquire}, {@code release};
 *       DELETE with {@code recurse}, {@code cas}. Values are base64 in JSON, {@code X-Consul-Index} follows Consul's
 *       rules (tombstones included), URL-encoded keys ({@code %2F}) are decoded.</li>
 *   <li>{@code /v1/txn} with KV operations, all or nothing (409 with {@code Errors}), at most 64 operations.</li>
 *   <li>{@code /v1/session/create|renew|destroy|info|list}: TTL sessions expiring after TTL times the multiplier
 *       (Consul's is 2), {@code Behavior=delete} deleting and {@code release} releasing the keys they hold,
 *       lock delay on released keys.</li>
 *   <li>{@code X-Consul-Token} (or {@code ?token=}) checking when an ACL token is configured: 403 otherwise.</li>
 * </ul>
 * Not emulated: Raft, leaders, consistency modes, datacenters, namespaces, health checks bound to sessions, the
 * blocking-query jitter, and every other endpoint (answered 404). Faults on request: {@link #failNextRequests},
 * {@link #delayAnswers}, {@link #resetIndex}. Every request is in WireMock's journal for {@code verify}.
 */
public final class ConsulEmulator implements AutoCloseable {
    private final ConsulState state;
    private final ConsulFaults faults = new ConsulFaults();
    private final Optional<String> aclToken;
    private final WireMockServer server;
    private final ScheduledExecutorService sessionTimers;

    private ConsulEmulator(Builder builder) {
        this.state = new ConsulState(builder.sessionTtlMin, builder.sessionTtlMultiplier);
        this.aclToken = builder.aclToken;
        this.server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                .notifier(new Slf4jNotifier(false))
                .extensions(new ConsulHttpApi(state, faults, aclToken)));
        this.sessionTimers = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "consul-emulator-session-ttl");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An emulator with Consul's defaults: no ACLs, session TTLs from 10 s, expiry at twice the TTL. */
    public static ConsulEmulator start() {
        return builder().start();
    }

    private ConsulEmulator begin() {
        server.start();
        server.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse()));
        sessionTimers.scheduleWithFixedDelay(state::expireSessions, 20, 20, TimeUnit.MILLISECONDS);
        return this;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String endpoint() {
        return "127.0.0.1:" + server.port();
    }

    /** Settings for a Consul store talking to this emulator, with its ACL token if it has one. */
    public StoreSettings settings() {
        StoreSettings settings = StoreSettings.consul(endpoint());
        return aclToken.map(settings::withToken).orElse(settings);
    }

    /** The WireMock server, for its request journal ({@code verify}, {@code findAll}). */
    public WireMockServer wireMock() {
        return server;
    }

    /** The next {@code requests} requests answer HTTP 500 without being applied. */
    public void failNextRequests(int requests) {
        faults.failNext(requests);
    }

    /** Every answer is sent only after {@code delay}, to run clients into their timeouts. */
    public void delayAnswers(Duration delay) {
        faults.delayAnswers(requireNonNull(delay, "delay"));
    }

    public void clearFaults() {
        faults.clear();
    }

    /**
     * Makes every index go backwards as after a snapshot restore: all entries and sessions are renumbered to a
     * small index, tombstones are dropped, session timers restart. Blocked queries see it when their wait ends.
     */
    public void resetIndex() {
        state.resetIndex();
    }

    /** The current Raft index (the last write's). */
    public long raftIndex() {
        return state.raftIndex();
    }

    /** Destroys a session as an operator's {@code consul session destroy} would, applying its behavior. */
    public void destroySession(String id) {
        state.destroySession(requireNonNull(id, "id"));
    }

    /** The session holding {@code key}'s lock, if the key exists and is held. */
    public Optional<String> lockHolder(String key) {
        return state.entry(requireNonNull(key, "key")).flatMap(KvEntry::session);
    }

    /** Ids of the sessions that exist now. */
    public List<String> sessionIds() {
        return state.sessions().stream().map(EmulatedSession::id).toList();
    }

    @Override
    public void close() {
        sessionTimers.shutdownNow();
        state.close();
        server.stop();
    }

    /** Options mirroring the Consul agent settings that matter to the adapter. */
    public static final class Builder {
        private Optional<String> aclToken = Optional.empty();
        private Duration sessionTtlMin = Duration.ofSeconds(10);
        private int sessionTtlMultiplier = 2;

        private Builder() {
        }

        /** Requires this token on every request (ACLs with default policy deny). */
        public Builder aclToken(String token) {
            this.aclToken = Optional.of(requireNonNull(token, "token"));
            return this;
        }

        /** Consul's {@code session_ttl_min} (default 10 s). */
        public Builder sessionTtlMin(Duration min) {
            if (min.isNegative() || min.isZero()) {
                throw new IllegalArgumentException("sessionTtlMin: " + min + " (expected: > 0)");
            }
            this.sessionTtlMin = min;
            return this;
        }

        /** How many TTLs pass before an unrenewed session is invalidated (Consul: 2). */
        public Builder sessionTtlMultiplier(int multiplier) {
            if (multiplier < 1) {
                throw new IllegalArgumentException("sessionTtlMultiplier: " + multiplier + " (expected: >= 1)");
            }
            this.sessionTtlMultiplier = multiplier;
            return this;
        }

        public ConsulEmulator start() {
            return new ConsulEmulator(this).begin();
        }
    }
}
