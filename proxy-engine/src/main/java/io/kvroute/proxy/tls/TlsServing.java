package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsCertificate;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.TlsStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;


/**
 * The TLS state every TLS entry point serves from: one {@link ServedTls} behind one {@link AtomicReference}, never
 * null, replaced whole by the configuration pipeline ({@link #compileOptions} then {@link #publish}, on its one
 * thread) and by the certificate resolvers ({@link #publishManaged}, on theirs): each builds the next snapshot from
 * its own part and the other's last one, one at a time, so a handshake never sees a table half built. A handshake
 * reads it once for its options and once, in the key manager, for its certificate; the certificates of the snapshot
 * before stay reachable by alias, so a handshake in flight across a swap completes. The generated default
 * certificate is made once, at construction.
 */
public final class TlsServing {
    /** Traefik serves only this store; other stores' certificates are not used. */
    public static final String DEFAULT_STORE = "default";

    private final Clock clock;
    private final TlsStack stack;
    private final SniKeyManager keys;
    private final ServedCertificate generated;
    private final AtomicReference<ServedTls> current;
    private volatile Map<String, ServedCertificate> aliases;
    @GuardedBy("this")
    private List<ServedCertificate> storeCertificates = List.of();
    @GuardedBy("this")
    private Optional<ServedCertificate> storeDefault = Optional.empty();

    /** Serving from the {@link TlsStack#preferred() preferred} TLS implementation. */
    public TlsServing(Clock clock) {
        this(clock, TlsStack.preferred());
    }

    /** Serving with engines of {@code stack}. */
    public TlsServing(Clock clock, TlsStack stack) {
        this.clock = requireNonNull(clock, "clock");
        this.stack = requireNonNull(stack, "stack");
        this.keys = new SniKeyManager(this, clock, false);
        this.generated = ServedCertificate.of("traefik-default", ServedCertificate.GENERATED,
                GeneratedDefaultCertificate.generate(clock.instant()));
        TlsOptionsTable options = TlsOptionsTable.compile(Map.of(), List.of(), TlsOptionsTable.empty(), keys, stack);
        ServedTls initial = new ServedTls(new CertificateTable(List.of(), Optional.empty(), generated), options,
                Map.of());
        this.current = new AtomicReference<>(initial);
        this.aliases = initial.aliases();
    }

    /** What is served now. */
    public ServedTls current() {
        return current.get();
    }

    /** The options of {@code tls}, compiled (reusing the served ones that did not change). */
    public TlsOptionsTable compileOptions(TlsConfig tls, List<Problem> problems) {
        return TlsOptionsTable.compile(tls.options(), problems, current.get().options(), keys, stack);
    }

    /**
     * Serves the certificates of {@code tls}'s default store and {@code options} from now on.
     *
     * @param problems    the decode's problems: a certificate or store named by an error is not served
     * @param hostOptions per TLS entry point, the options name of each host name its routers serve
     */
    public synchronized ServedTls publish(TlsConfig tls, List<Problem> problems, TlsOptionsTable options,
            Map<String, Map<String, String>> hostOptions) {
        Set<EntityRef> broken = problems.stream().filter(Problem::isError).flatMap(p -> p.entity().stream())
                .collect(Collectors.toSet());
        List<ServedCertificate> certificates = new ArrayList<>();
        for (TlsCertificate certificate : tls.certificates()) {
            if (!broken.contains(EntityRef.tlsCertificate(certificate.id()))
                    && (certificate.stores().isEmpty() || certificate.stores().contains(DEFAULT_STORE))) {
                certificate.files().keyPair().ifPresent(pair -> certificates.add(
                        ServedCertificate.of(certificate.id(), ServedCertificate.STORE, pair)));
            }
        }
        storeCertificates = List.copyOf(certificates);
        storeDefault = Optional.ofNullable(tls.stores().get(DEFAULT_STORE))
                .filter(store -> !broken.contains(EntityRef.tlsStore(DEFAULT_STORE)))
                .flatMap(TlsStore::defaultCertificate).flatMap(files -> files.keyPair())
                .map(pair -> ServedCertificate.of(DEFAULT_STORE, ServedCertificate.DEFAULT, pair));
        return swap(options, hostOptions, current.get().managed());
    }

    /**
     * Serves what the certificate resolvers hand over from now on, with the store's certificates and options as last
     * published: their certificates join the default store after the store's own (a certificate of the store for
     * the same name is presented first, as Traefik's ACME does not order a name the store's certificates cover).
     */
    public synchronized ServedTls publishManaged(ManagedCertificates managed) {
        ServedTls served = current.get();
        return swap(served.options(), served.hostOptions(), requireNonNull(managed, "managed"));
    }

    @GuardedBy("this")
    private ServedTls swap(TlsOptionsTable options, Map<String, Map<String, String>> hostOptions,
            ManagedCertificates managed) {
        List<ServedCertificate> certificates = new ArrayList<>(storeCertificates);
        certificates.addAll(managed.certificates());
        ServedTls next = new ServedTls(new CertificateTable(certificates, storeDefault, generated), options,
                hostOptions, managed);
        Map<String, ServedCertificate> reachable = new HashMap<>(current.get().aliases());
        reachable.putAll(next.aliases());
        aliases = Map.copyOf(reachable);
        current.set(next);
        return next;
    }

    /** The certificate named {@code alias} in the served snapshot or the one before it. */
    Optional<ServedCertificate> byAlias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    /** The key manager of every context: certificates by SNI from {@link #current()}. */
    SniKeyManager keyManager() {
        return keys;
    }

    /** The TLS implementation the engines come from, and why. */
    public TlsStack stack() {
        return stack;
    }

    public Clock clock() {
        return clock;
    }
}
