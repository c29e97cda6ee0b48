package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.StoreStatus;
import io.undertow.server.HttpHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME certificate resolvers of one proxy, sharing their state with every other proxy of the same store.
 *
 * <p>It watches its prefix ({@link AcmeStoreLayout}) and keeps one immutable {@link AcmeSnapshot}, swapped whole on
 * every change and handed to listeners: the certificates (chain, private key, names, validity, renewal state, last
 * error) and the pending HTTP-01 answers. {@link #configure(DecodedConfig)} tells it which certificates the routers
 * ask for ({@link ResolverDomains}). A worker thread orders what is missing or due for renewal (two thirds into its
 * lifetime): it puts the certificate's lock key if absent, bound to this proxy's lease, and orders only if the lock is
 * its own, so the proxies of one store order each certificate once; the others see the lock and wait for the
 * certificate to arrive through the watch. A holder that dies loses the lock when its lease expires, and the watch
 * wakes the others to take over. HTTP-01 answers are published in the store (on the same lease) before the challenge is
 * triggered, so the CA may ask any proxy. Certificates and the account are written with their private keys sealed by
 * {@link StorageCipher}; without a key file nothing is ordered and every certificate says why.
 *
 * <p>A resolver with {@code tlsChallenge} and no {@code httpChallenge} orders over TLS-ALPN-01 (RFC 8737): the
 * challenge certificate and its key (sealed) are published on the same lease by the name being validated
 * ({@link AcmeSnapshot#tlsAlpn01Certificates()}), and every TLS entry point of every proxy of the store presents it to
 * a client that asks for that name with ALPN {@code acme-tls/1}. A resolver with neither challenge is reported, not
 * ordered.
 */
public final class AcmeManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeManager.class);
    /** How long an order waits for its own proxy to see a published HTTP-01 answer before triggering it anyway. */
    private static final Duration ANSWER_VISIBLE_WAIT = Duration.ofSeconds(5);
    private static final Duration ANSWER_POLL = Duration.ofMillis(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final KvStore store;
    private final Map<String, AcmeResolverSettings> resolvers;
    /** Entry point name to the resolver its {@code http.tls.certResolver} names, for routers without {@code tls}. */
    private final Map<String, String> entryPointResolvers;
    /** The trust for each resolver's CA, read at start so a bad PEM file is a start-up error. */
    private final Map<String, Optional<SSLContext>> trust;
    private final AcmeStorageSettings storage;
    private final AcmeStoreLayout layout;
    private final Optional<StorageCipher> cipher;
    private final Optional<String> refusal;
    private final List<String> resolverProblems;
    private final Clock clock;
    private final String holder;
    private final ScheduledExecutorService worker;
    private final PrefixWatcher watcher;

    /** What the store holds; null until the first list. */
    private final AtomicReference<StoredAcmeState> stored = new AtomicReference<>();
    private final AtomicReference<ResolverDomains> wanted = new AtomicReference<>(ResolverDomains.none());
    /** This proxy's failed orders by certificate store key (also in the store, unless the store failed). */
    private final Map<String, OrderFailure> localFailures = new ConcurrentHashMap<>();
    /** The certificate store key this proxy orders now, or null. */
    private final AtomicReference<String> ordering = new AtomicReference<>();
    private final AtomicReference<AcmeSnapshot> snapshot = new AtomicReference<>(AcmeSnapshot.EMPTY);
    private final List<Consumer<AcmeSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Object publishLock = new Object();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicReference<Lease> lease = new AtomicReference<>();
    private volatile boolean closed;

    /** Worker thread only. */
    private final Map<String, AcmeOrderer> orderers = new HashMap<>();
    /** Worker thread only. */
    private ScheduledFuture<?> wakeUp;

    private AcmeManager(KvStore store, List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage,
            Map<String, String> entryPointResolvers, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.entryPointResolvers = Map.copyOf(entryPointResolvers);
        this.storage = requireNonNull(storage, "storage");
        this.clock = requireNonNull(clock, "clock");
        Map<String, AcmeResolverSettings> byName = new LinkedHashMap<>();
        resolvers.stream().sorted(Comparator.comparing(AcmeResolverSettings::name))
                .forEach(resolver -> byName.put(resolver.name(), resolver));
        this.resolvers = Map.copyOf(byName);
        Map<String, Optional<SSLContext>> trusts = new HashMap<>();
        byName.values().forEach(resolver -> trusts.put(resolver.name(), CaTrust.context("--certificatesresolvers."
                + resolver.name() + ".acme.caCertificates", resolver.caCertificates())));
        this.trust = Map.copyOf(trusts);
        this.layout = new AcmeStoreLayout(storage.prefix());
        this.cipher = storage.keyFile().map(StorageCipher::fromKeyFile);
        this.refusal = cipher.isPresent() ? Optional.empty() : Optional.of("--acme.storage.keyFile is not set: "
                + "kvroute writes no private key to the store unencrypted, so no certificate is ordered or read");
        List<String> problems = new ArrayList<>();
        byName.values().forEach(resolver -> {
            if (!answers(resolver)) {
                problems.add("certificate resolver " + resolver.name() + ": no challenge (expected "
                        + "--certificatesresolvers." + resolver.name() + ".acme.httpChallenge.entryPoint=NAME or "
                        + "--certificatesresolvers." + resolver.name() + ".acme.tlsChallenge=true)");
            }
        });
        refusal.ifPresent(problems::add);
        this.resolverProblems = List.copyOf(problems);
        this.holder = hostName() + "/" + UUID.randomUUID();
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvroute-acme");
            thread.setDaemon(true);
            return thread;
        });
        problems.forEach(problem -> LOG.warn("ACME: {}", problem));
        publish();
        this.watcher = PrefixWatcher.start(store, storage.prefix(), new PrefixWatcher.Listener() {
            @Override
            public void snapshot(KvSnapshot read) {
                stored.set(StoredAcmeState.decode(read, layout, AcmeManager.this.resolvers.keySet(), cipher,
                        stored.get() == null ? StoredAcmeState.EMPTY : stored.get()));
                publish();
                queueReconcile();
            }

            @Override
            public void status(StoreStatus status) {
                LOG.debug("ACME: store {}", status);
            }
        });
    }

    /**
     * Starts the resolvers on {@code store}: watches the storage prefix at once; orders once
     * {@link #configure(DecodedConfig)} names certificates.
     *
     * @throws IllegalArgumentException when the storage key file does not read or is too short, or a
     *     {@code caCertificates} file holds no certificate (one line)
     */
    public static AcmeManager start(KvStore store, List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage,
            Clock clock) {
        return start(store, resolvers, storage, Map.of(), clock);
    }

    /**
     * {@link #start(KvStore, List, AcmeStorageSettings, Clock)} where routers without a {@code tls} section on a TLS
     * entry point ask that entry point's {@code http.tls.certResolver} ({@code entryPointResolvers}: entry point name
     * to resolver name).
     */
    public static AcmeManager start(KvStore store, List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage,
            Map<String, String> entryPointResolvers, Clock clock) {
        return new AcmeManager(store, resolvers, storage, entryPointResolvers, clock);
    }

    /** The current state, swapped whole on every change. */
    public AcmeSnapshot snapshot() {
        return snapshot.get();
    }

    /** Calls {@code listener} with every new snapshot (one at a time, in order); it must return quickly. */
    public void addListener(Consumer<AcmeSnapshot> listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /** The entry points that answer HTTP-01 challenges ({@code httpChallenge.entryPoint} of some resolver). */
    public Set<String> http01EntryPoints() {
        Set<String> names = new TreeSet<>();
        resolvers.values().forEach(resolver -> resolver.httpChallengeEntryPoint().ifPresent(names::add));
        return names;
    }

    /** {@code next} behind the HTTP-01 answers of every proxy of the store (see {@link Http01ChallengeHandler}). */
    public HttpHandler http01Handler(HttpHandler next) {
        return new Http01ChallengeHandler(snapshot::get, next);
    }

    /** The key authorization for {@code /.well-known/acme-challenge/TOKEN}, if some proxy published it. */
    public Optional<String> keyAuthorization(String token) {
        return snapshot.get().keyAuthorization(token);
    }

    /** The certificates to hold: those the routers of {@code decoded} ask for, less routers with errors. */
    public void configure(DecodedConfig decoded) {
        configure(ResolverDomains.of(decoded, resolvers.keySet(), entryPointResolvers));
    }

    /** The certificates to hold: those every router of {@code config} asks for. */
    public void configure(HttpConfig config) {
        configure(ResolverDomains.of(config, resolvers.keySet()));
    }

    private void configure(ResolverDomains next) {
        if (next.equals(wanted.getAndSet(next))) {
            return;
        }
        next.problems().forEach(problem -> LOG.warn("ACME: {}", problem));
        publish();
        queueReconcile();
    }

    /**
     * Stops watching and ordering and revokes this proxy's lease, so an order lock it held goes at once (a proxy that
     * dies instead loses it at the lease's expiry).
     */
    @Override
    public void close() {
        closed = true;
        watcher.close();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("ACME: the order in progress did not stop within {} s", CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Lease held = lease.getAndSet(null);
        if (held != null) {
            try {
                held.revoke();
            } catch (KvStoreException e) {
                LOG.debug("ACME: revoking lease {} failed ({}); it expires by itself", held.id(), e.getMessage());
            }
        }
    }

    private void queueReconcile() {
        if (closed || !reconcileQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        } catch (RejectedExecutionException e) {
            reconcileQueued.set(false);
        }
    }

    /** Worker thread: orders every wanted certificate that is missing or due, then sleeps until the next is due. */
    private void reconcile() {
        Instant wake = null;
        for (AcmeResolverSettings resolver : resolvers.values()) {
            if (!answers(resolver)) {
                continue;
            }
            for (CertificateDomains domains : sorted(wanted.get().of(resolver.name()))) {
                StoredAcmeState state = stored.get();
                if (closed || state == null) {
                    return;
                }
                Instant now = clock.instant();
                String key = layout.certificate(resolver.name(), domains);
                AcmeCertificate current = state.certificates().get(key);
                OrderFailure failure = failure(state, resolver, domains);
                if (current != null && now.isBefore(current.renewAt())) {
                    localFailures.remove(key);
                    wake = earliest(wake, current.renewAt());
                } else if (failure != null && now.isBefore(failure.nextAttempt())) {
                    wake = earliest(wake, failure.nextAttempt());
                } else if (refusal.isEmpty() && !state.unreadable().containsKey(key)
                        && !state.locks().contains(layout.lock(resolver.name(), domains))) {
                    // What follows arrives through the watch (a certificate, or a lock another proxy holds and
                    // its removal) or is a failure with its next attempt, due at the next pass.
                    order(resolver, domains, key);
                    OrderFailure failed = localFailures.get(key);
                    if (failed != null) {
                        wake = earliest(wake, failed.nextAttempt());
                    }
                }
            }
        }
        scheduleWake(wake);
    }

    private void scheduleWake(Instant wake) {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
        if (wake == null || closed) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), wake).toMillis()) + 10;
        wakeUp = worker.schedule(this::queueReconcile, delay, TimeUnit.MILLISECONDS);
    }

    /** Worker thread: one order of {@code domains} under its lock, recorded as success or failure. */
    private void order(AcmeResolverSettings resolver, CertificateDomains domains, String key) {
        String lockKey = layout.lock(resolver.name(), domains);
        List<String> answers = new ArrayList<>();
        boolean locked = false;
        try {
            Lease held = lease();
            store.commit(new KvTransaction(List.of(new KvOperation.Put(lockKey, holder, Optional.of(held), true))));
            if (!read(lockKey).filter(holder::equals).isPresent()) {
                return;
            }
            locked = true;
            // Read again under the lock: another proxy may have finished, or failed and set a back-off, just before.
            if (read(key).map(value -> StoredValues.certificate(key, resolver.name(), value, cipher.orElseThrow()))
                    .filter(fresh -> clock.instant().isBefore(fresh.renewAt())).isPresent()) {
                return;
            }
            String failureKey = layout.failure(resolver.name(), domains);
            if (read(failureKey).map(value -> StoredValues.failure(failureKey, value))
                    .filter(recent -> clock.instant().isBefore(recent.nextAttempt())).isPresent()) {
                return;
            }
            ordering.set(key);
            publish();
            LOG.info("ACME: {} orders a certificate for {}", resolver.name(), domains.id());
            AcmeOrderer orderer = orderer(resolver);
            AcmeCertificate issued = orderer.order(login(resolver, orderer), domains,
                    new AcmeOrderer.AnswerPublisher() {
                        @Override
                        public void http01(String token, String keyAuthorization) throws InterruptedException {
                            publishAnswer(layout.http01(resolver.name(), token), keyAuthorization, held, answers,
                                    () -> snapshot.get().keyAuthorization(token).isPresent());
                        }

                        @Override
                        public void tlsAlpn01(String name, X509Certificate certificate, KeyPair key)
                                throws InterruptedException {
                            String answerKey = layout.tlsAlpn01(resolver.name(), name);
                            publishAnswer(answerKey, StoredValues.certificate(answerKey, new AcmeCertificate(
                                    resolver.name(), new CertificateDomains(List.of(name)), List.of(certificate),
                                    key.getPrivate()), cipher.orElseThrow()), held, answers,
                                    () -> snapshot.get().tlsAlpn01Certificate(name).isPresent());
                        }
                    });
            KvTransaction.Builder write = KvTransaction.builder()
                    .put(key, StoredValues.certificate(key, issued, cipher.orElseThrow()))
                    .delete(lockKey)
                    .delete(layout.failure(resolver.name(), domains));
            answers.forEach(write::delete);
            store.commit(write.build());
            locked = false;
            answers.clear();
            localFailures.remove(key);
            LOG.info("ACME: {} got a certificate for {} (serial {}, not after {}, renewal at {})", resolver.name(),
                    domains.id(), issued.serial(), issued.notAfter(), issued.renewAt());
        } catch (AcmeException e) {
            failed(resolver, domains, key, reason(resolver, e), retryAfter(e));
        } catch (KvStoreException | IllegalArgumentException | IllegalStateException e) {
            failed(resolver, domains, key, e.getMessage(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(locked ? Optional.of(lockKey) : Optional.empty(), answers);
            ordering.set(null);
            publish();
        }
    }

    /** Records a failed order here and, while the lock is still held, in the store for every proxy. */
    private void failed(AcmeResolverSettings resolver, CertificateDomains domains, String key, String reason,
            Optional<Instant> retryAfter) {
        OrderFailure previous = failure(stored.get() == null ? StoredAcmeState.EMPTY : stored.get(), resolver,
                domains);
        int failures = previous == null ? 1 : previous.failures() + 1;
        Instant now = clock.instant();
        Instant next = now.plus(storage.retry().delay(failures, ThreadLocalRandom.current()));
        if (retryAfter.isPresent() && retryAfter.get().isAfter(next)) {
            next = retryAfter.get();
        }
        OrderFailure failure = new OrderFailure(failures, reason, next);
        localFailures.put(key, failure);
        LOG.warn("ACME: {} could not get a certificate for {} ({} failure(s) in a row): {}; next attempt in {} s",
                resolver.name(), domains.id(), failures, reason, Duration.between(now, next).toSeconds());
        try {
            store.commit(KvTransaction.builder().put(layout.failure(resolver.name(), domains),
                    StoredValues.failure(failure)).build());
        } catch (KvStoreException e) {
            LOG.debug("ACME: the failure of {} stays local: {}", domains.id(), e.getMessage());
        }
    }

    /** The later of this proxy's and the store's record of failed orders of a certificate; null if neither. */
    private OrderFailure failure(StoredAcmeState state, AcmeResolverSettings resolver, CertificateDomains domains) {
        return OrderFailure.later(localFailures.get(layout.certificate(resolver.name(), domains)),
                state.failures().get(layout.failure(resolver.name(), domains)));
    }

    private static String reason(AcmeResolverSettings resolver, AcmeException e) {
        if (e instanceof AcmeRateLimitedException limited) {
            return "rate limited by the CA" + limited.getRetryAfter().map(at -> " until " + at).orElse("") + ": "
                    + limited.getProblem();
        }
        if (e instanceof AcmeServerException refused) {
            return "the CA refused: " + refused.getProblem();
        }
        if (e instanceof AcmeNetworkException) {
            return "the CA " + resolver.caServer() + " is unreachable: " + (e.getCause() == null ? e.getMessage()
                    : e.getCause().toString());
        }
        return e.getMessage();
    }

    private static Optional<Instant> retryAfter(AcmeException e) {
        return e instanceof AcmeRateLimitedException limited ? limited.getRetryAfter() : Optional.empty();
    }

    /** Best effort: the lock and published answers go; if this fails they expire with the lease. */
    private void release(Optional<String> lockKey, List<String> answers) {
        if (lockKey.isEmpty() && answers.isEmpty()) {
            return;
        }
        KvTransaction.Builder release = KvTransaction.builder();
        lockKey.ifPresent(release::delete);
        answers.forEach(release::delete);
        try {
            store.commit(release.build());
        } catch (KvStoreException e) {
            LOG.warn("ACME: releasing {} failed ({}); it expires with lease", lockKey.orElse("answers"),
                    e.getMessage());
        }
    }

    /** This proxy's lease for locks and answers: granted on first use and again after it was lost. */
    private Lease lease() {
        Lease current = lease.get();
        if (current != null) {
            return current;
        }
        Lease granted = store.grantLease(storage.lockTtl(), (lost, why) -> {
            LOG.warn("ACME: lease {} lost ({}); locks and answers on it are gone", lost.id(), why);
            lease.compareAndSet(lost, null);
        });
        lease.set(granted);
        return granted;
    }

    private AcmeOrderer orderer(AcmeResolverSettings resolver) {
        AcmeOrderer orderer = orderers.get(resolver.name());
        if (orderer == null) {
            orderer = new AcmeOrderer(resolver, trust.get(resolver.name()), storage.pollInterval(), clock);
            orderers.put(resolver.name(), orderer);
        }
        return orderer;
    }

    /** The resolver's account from the store; created (once for all proxies: put if absent) when there is none. */
    private Login login(AcmeResolverSettings resolver, AcmeOrderer orderer) throws AcmeException {
        String key = layout.account(resolver.name());
        StorageCipher sealing = cipher.orElseThrow();
        Optional<String> value = read(key);
        if (value.isEmpty()) {
            KeyPair keyPair = resolver.keyType().generate();
            String account = StoredValues.account(key, orderer.createAccount(keyPair), keyPair, sealing);
            store.commit(new KvTransaction(List.of(new KvOperation.Put(key, account, Optional.empty(), true))));
            value = read(key);
            if (value.isEmpty()) {
                throw new IllegalStateException(key + ": the account written is not in the store");
            }
        }
        StoredValues.StoredAccount account = StoredValues.account(key, value.get(), sealing);
        return orderer.login(account.location(), account.keyPair());
    }

    /** Puts a challenge's answer on the lease and waits (bounded) until this proxy's own watch serves it. */
    private void publishAnswer(String key, String value, Lease held, List<String> answers, BooleanSupplier visible)
            throws InterruptedException {
        store.commit(KvTransaction.builder().put(key, value, held).build());
        answers.add(key);
        Instant deadline = clock.instant().plus(ANSWER_VISIBLE_WAIT);
        while (!visible.getAsBoolean() && clock.instant().isBefore(deadline)) {
            Thread.sleep(ANSWER_POLL.toMillis());
        }
    }

    /** Whether {@code resolver} answers some challenge: HTTP-01 on an entry point, or TLS-ALPN-01. */
    private static boolean answers(AcmeResolverSettings resolver) {
        return resolver.httpChallengeEntryPoint().isPresent() || resolver.tlsChallenge();
    }

    private Optional<String> read(String key) {
        return store.list(key).pairs().stream().filter(pair -> pair.key().equals(key)).map(KvPair::value).findFirst();
    }

    /** Builds the snapshot from the store, the wanted certificates and the failed orders, and hands it on. */
    private void publish() {
        synchronized (publishLock) {
            AcmeSnapshot next = build();
            snapshot.set(next);
            for (Consumer<AcmeSnapshot> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    LOG.warn("ACME: a snapshot listener failed: {}", e.toString());
                }
            }
        }
    }

    private AcmeSnapshot build() {
        StoredAcmeState state = stored.get() == null ? StoredAcmeState.EMPTY : stored.get();
        ResolverDomains want = wanted.get();
        Instant now = clock.instant();
        String orderingNow = ordering.get();
        List<AcmeCertificateState> certificates = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (AcmeResolverSettings resolver : resolvers.values()) {
            for (CertificateDomains domains : sorted(want.of(resolver.name()))) {
                String key = layout.certificate(resolver.name(), domains);
                listed.add(key);
                Optional<AcmeCertificate> certificate = Optional.ofNullable(state.certificates().get(key));
                Optional<OrderFailure> failure = Optional.ofNullable(failure(state, resolver, domains));
                Optional<String> error = refusal.or(() -> Optional.ofNullable(state.unreadable().get(key)))
                        .or(() -> failure.map(OrderFailure::lastError));
                RenewalState renewal;
                if (key.equals(orderingNow)) {
                    renewal = RenewalState.ORDERING;
                } else if (refusal.isPresent() || state.unreadable().containsKey(key)) {
                    renewal = RenewalState.REFUSED;
                } else if (state.locks().contains(layout.lock(resolver.name(), domains))) {
                    renewal = RenewalState.ORDERING_ELSEWHERE;
                } else if (certificate.isPresent() && now.isBefore(certificate.get().renewAt())) {
                    renewal = RenewalState.VALID;
                } else if (failure.isPresent()) {
                    renewal = RenewalState.BACKING_OFF;
                } else {
                    renewal = certificate.isPresent() ? RenewalState.RENEWAL_DUE : RenewalState.PENDING;
                }
                certificates.add(new AcmeCertificateState(resolver.name(), domains, certificate, renewal, error,
                        failure.map(OrderFailure::nextAttempt)));
            }
        }
        state.certificates().forEach((key, certificate) -> {
            if (!listed.contains(key)) {
                certificates.add(new AcmeCertificateState(certificate.resolver(), certificate.domains(),
                        Optional.of(certificate), RenewalState.UNUSED, Optional.empty(), Optional.empty()));
            }
        });
        certificates.sort(Comparator.comparing(AcmeCertificateState::resolver)
                .thenComparing(certificateState -> certificateState.domains().id()));
        List<String> problems = new ArrayList<>(resolverProblems);
        problems.addAll(want.problems());
        state.unreadable().values().forEach(problems::add);
        return new AcmeSnapshot(certificates, state.http01Answers(), state.tlsAlpn01Certificates(), problems);
    }

    private static List<CertificateDomains> sorted(Set<CertificateDomains> domains) {
        return domains.stream().sorted(Comparator.comparing(CertificateDomains::id)).toList();
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
