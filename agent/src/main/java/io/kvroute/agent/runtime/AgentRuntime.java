package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.ContainerEvent;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.docker.DockerListener;
import io.kvroute.agent.docker.DockerSource;
import io.kvroute.agent.docker.DockerSourceException;
import io.kvroute.agent.docker.DockerWatch;
import io.kvroute.agent.docker.WatchSettings;
import io.kvroute.agent.registration.DesiredState;
import io.kvroute.agent.registration.Deregistration;
import io.kvroute.agent.registration.Registrar;
import io.kvroute.agent.registration.RegistrarSettings;
import io.kvroute.agent.registration.RegistrarStatus;
import io.kvroute.agent.runtime.SourceDeclarations.Computation;
import io.kvroute.agent.services.ServicesFileException;
import io.kvroute.agent.services.ServicesFileWatcher;
import io.kvroute.agent.services.StaticService;
import io.kvroute.kv.cli.CannotListen;
import io.kvroute.kv.cli.CliException;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.store.KvStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: watches Docker (when enabled) and the services file, recomputes the whole desired state on every
 * change (level-triggered) and hands it to its {@link Registrar}, which keeps it alive in the store on one lease.
 * A container's {@code kill}/{@code stop} drains its servers at once; its {@code die}/{@code destroy} removes them.
 * Serves {@code /health} and {@code /metrics} on {@link AgentSettings#healthAddress()}. Docker or the store going away
 * is logged and waited out, never fatal. A services file missing or invalid at the start fails the start unless it
 * is optional; an invalid edit later keeps the last good services and is reported (log, {@code /health}'s problems,
 * {@link #problems()} in the agent's status key) until the file is valid again.
 *
 * <p>All source state lives on one agent thread; Docker and file callbacks only queue work for it.
 * {@link #stop()} is the clean stop (SIGTERM); {@link #close()} looks like a crash to the store. The store itself
 * belongs to the caller and is not closed.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    /** How long start waits for Docker's first listing, so that the first desired state already has containers. */
    private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(5);
    private static final Duration THREAD_END_WAIT = Duration.ofSeconds(5);
    private static final String KEPT_SERVICES = "; the last good services stay registered";

    private final AgentSettings settings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AgentMetrics metrics = new AgentMetrics(registry);
    private final Registrar registrar;
    private final SourceDeclarations declarations;
    private final ExecutorService agentThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kvroute-agent");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch dockerAnswered = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean dockerConnected;
    private volatile String dockerDetail = "not connected yet";
    private volatile int serversOwned;
    /** The services file content refused since the last good one, until the file is valid again. */
    private volatile Optional<ServicesFileException> refusedServicesFile = Optional.empty();

    /** Confined to the agent thread. */
    private final KnownSources sources = new KnownSources();
    private final ChangeReporter reporter = new ChangeReporter();
    private boolean stopping;

    private HealthEndpoint endpoint;
    private DockerSource dockerSource;
    private DockerWatch dockerWatch;
    private ServicesFileWatcher servicesWatcher;

    private AgentRuntime(AgentSettings settings, KvStore store) {
        this.settings = requireNonNull(settings, "settings");
        requireNonNull(store, "store");
        this.registrar = new Registrar(store, RegistrarSettings.of(settings.node(), settings.lease(),
                settings.keys().watchedPrefix()).withLayout(settings.keys().layout()), metrics);
        this.declarations = SourceDeclarations.of(settings);
        metrics.bindGauges(registrar::status, () -> serversOwned, () -> dockerConnected);
    }

    /**
     * Binds the health endpoint, starts watching Docker and the services file, waits (at most a few seconds) for
     * Docker's first listing, and starts the registrar with the desired state computed from it.
     *
     * @throws CannotListen naming {@code --health.address} when it cannot be bound; nothing is left running then
     * @throws CliException (exit code 1) naming {@code --services}, the file, line and what was expected when the
     *     services file is missing or invalid and not {@link DiscoverySources#servicesOptional optional}; nothing is
     *     left running then
     */
    public static AgentRuntime start(AgentSettings settings, KvStore store) {
        AgentRuntime runtime = new AgentRuntime(settings, store);
        try {
            runtime.startAll();
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAll() {
        endpoint = HealthEndpoint.start(settings.healthAddress(), this::health, registry::scrape);
        if (settings.discovery().servicesFile().isPresent()) {
            servicesWatcher = watchServices(settings.discovery().servicesFile().get());
        }
        if (settings.discovery().docker().isPresent()) {
            dockerSource = DockerSource.open(settings.discovery().docker().get().endpoint());
            dockerWatch = dockerSource.watch(new DockerFeed(), WatchSettings.DEFAULT);
            try {
                if (!dockerAnswered.await(FIRST_LISTING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("docker engine {} has not answered within {} s; starting without its containers",
                            settings.discovery().docker().get().endpoint(), FIRST_LISTING_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onAgentThread(() -> {
            recompute();
            return null;
        });
        reportProblems();
        registrar.start();
        LOG.info("agent {} running: {} keys under {}, docker {}, services file {}, health on http://{}/health",
                settings.node(), settings.keys().layout(), settings.keys().watchedPrefix(),
                settings.discovery().docker().map(docker -> docker.endpoint().toString()).orElse("disabled"),
                settings.discovery().servicesFile().map(Object::toString).orElse("none"),
                addressText(healthAddress()));
    }

    private ServicesFileWatcher watchServices(Path file) {
        try {
            return ServicesFileWatcher.start(file, settings.discovery().servicesOptional(), new ServicesFeed());
        } catch (ServicesFileException e) {
            throw CliException.runtime("--services: " + e.getMessage()
                    + (e.kind() == ServicesFileException.Kind.UNREADABLE
                            ? "; --services.optional starts without it" : ""));
        }
    }

    /** Where {@code /health} and {@code /metrics} listen (the actual port when configured with port 0). */
    public InetSocketAddress healthAddress() {
        return endpoint.address();
    }

    /** What {@code /health} answers now. */
    public AgentHealth health() {
        return AgentHealth.of(registrar.status(), settings.discovery().docker().isPresent(), dockerConnected,
                dockerDetail, refusedServicesFile.map(e -> e.getMessage() + KEPT_SERVICES).stream().toList());
    }

    /**
     * What this agent refused or cannot do while carrying on, as its status key carries them for proxies to show: the
     * services file's error keyed by file and line until the file is valid again, and Docker while it is
     * unreachable.
     */
    public List<AgentProblem> problems() {
        List<AgentProblem> problems = new ArrayList<>();
        refusedServicesFile.ifPresent(e -> problems.add(new AgentProblem(
                e.file() + (e.line() > 0 ? ":" + e.line() : ""), e.reason() + KEPT_SERVICES)));
        settings.discovery().docker().filter(docker -> !dockerConnected).ifPresent(docker -> problems.add(
                new AgentProblem("docker " + docker.endpoint(), "not connected (" + dockerDetail + ")")));
        return List.copyOf(problems);
    }

    /**
     * Hands {@link #problems()} to the registrar's status key; one caller at a time, so the last call, made after the
     * last change, says what is true now.
     */
    private synchronized void reportProblems() {
        registrar.report(problems());
    }

    /** The registrar's status: lease, keys, conflicts. */
    public RegistrarStatus registrarStatus() {
        return registrar.status();
    }

    /** What {@code /metrics} answers now: Prometheus text. */
    public String metricsText() {
        return registry.scrape();
    }

    /**
     * The clean stop (SIGTERM): stops watching, writes every server drained (weight 0 on v1/v3, removed on v2), waits
     * {@link AgentSettings#drainGrace()}, deletes this node's keys and revokes the lease, then closes the endpoint.
     * A store that does not take the drained state is waited for a few seconds only (see
     * {@link Registrar#drainAndStop}); the last log line says what became of the keys. Idempotent.
     */
    public void stop() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closeSources();
        DesiredState drained = onAgentThread(() -> {
            stopping = true;
            return declarations.compute(sources.containers(), sources.draining(), sources.services(), true)
                    .encoded().state();
        }).orElse(DesiredState.empty());
        LOG.info("agent {} stopping: draining {} server(s), deregistering after the grace period of {} ms",
                settings.node(), drained.servers().size(), settings.drainGrace().toMillis());
        Deregistration deregistration = registrar.drainAndStop(settings.drainGrace(), drained);
        closeRest();
        switch (deregistration) {
            case DELETED -> LOG.info("agent {} stopped: keys deleted, lease revoked", settings.node());
            case LEFT_TO_EXPIRE -> LOG.warn("agent {} stopped without deregistering (the store did not take it): its "
                    + "keys expire by themselves with its lease within {}", settings.node(),
                    GoDuration.format(settings.lease().ttl()));
            case NOTHING_REGISTERED -> LOG.info("agent {} stopped: the store never granted a lease, so no key of "
                    + "this agent was written", settings.node());
        }
    }

    /**
     * Stops without deregistering (what a crash looks like): the lease is no longer kept alive and the keys expire
     * after the TTL. Idempotent; does nothing after {@link #stop()}.
     */
    @Override
    public void close() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closeSources();
        registrar.close();
        closeRest();
    }

    /** Recomputes the desired state from everything known and hands it to the registrar. Agent thread. */
    private void recompute() {
        if (stopping) {
            return;
        }
        Computation computation = declarations.compute(sources.containers(), sources.draining(), sources.services(),
                false);
        reporter.report(computation.reports());
        DesiredState state = computation.encoded().state();
        serversOwned = state.servers().size();
        try {
            registrar.update(state);
        } catch (IllegalArgumentException e) {
            LOG.error("the registrar refused the desired state: {}", e.getMessage());
        }
    }

    /** One Docker event. Agent thread. */
    private void containerChanged(ContainerEvent event) {
        if (sources.startsDrain(event)) {
            LOG.info("container {} ends ({}{}): draining its servers", sources.nameOf(event),
                    event.action().dockerName(), event.detail().isEmpty() ? "" : " " + event.detail());
            recompute();
        }
        Optional<ContainerInfo> inspected;
        try {
            inspected = dockerSource.inspect(event.containerId());
        } catch (DockerSourceException e) {
            if (e.kind() != DockerSourceException.Kind.NOT_FOUND) {
                LOG.debug("re-inspecting after {} failed ({}); the next listing catches up", event, e.getMessage());
                return;
            }
            inspected = Optional.empty();
        }
        sources.inspected(event, inspected);
        recompute();
    }

    private void onAgentThread(Runnable task) {
        try {
            agentThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("agent {}: unexpected failure; carrying on", settings.node(), e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("agent {} stopped; dropping a late change", settings.node());
        }
    }

    /** Runs {@code task} on the agent thread and waits for it; empty when it failed or the agent is gone. */
    private <T> Optional<T> onAgentThread(Callable<T> task) {
        try {
            return Optional.ofNullable(agentThread.submit(task).get());
        } catch (ExecutionException e) {
            LOG.error("agent {}: unexpected failure", settings.node(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException stopped) {
            LOG.debug("agent {} stopped; not running a task", settings.node());
        }
        return Optional.empty();
    }

    private void closeSources() {
        if (dockerWatch != null) {
            dockerWatch.close();
        }
        if (servicesWatcher != null) {
            servicesWatcher.close();
        }
    }

    private void closeRest() {
        if (endpoint != null) {
            endpoint.close();
        }
        agentThread.shutdownNow();
        try {
            agentThread.awaitTermination(THREAD_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dockerSource != null) {
            dockerSource.close();
        }
        registry.close();
    }

    private static String addressText(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Docker's callbacks, queued for the agent thread. */
    private final class DockerFeed implements DockerListener {
        @Override
        public void containersListed(List<ContainerInfo> running) {
            onAgentThread(() -> {
                sources.replaceContainers(running);
                recompute();
            });
            dockerAnswered.countDown();
        }

        @Override
        public void containerChanged(ContainerEvent event) {
            metrics.dockerEvent(event.action());
            onAgentThread(() -> AgentRuntime.this.containerChanged(event));
        }

        @Override
        public void connectionChanged(boolean connected, String detail) {
            dockerDetail = detail;
            dockerConnected = connected;
            reportProblems();
            if (!connected) {
                dockerAnswered.countDown();
            }
        }
    }

    /** The services file's changes, queued for the agent thread; its refusals, kept for health and problems. */
    private final class ServicesFeed implements ServicesFileWatcher.Listener {
        @Override
        public void onServices(List<StaticService> services) {
            refusedServicesFile = Optional.empty();
            reportProblems();
            onAgentThread(() -> {
                sources.replaceServices(services);
                recompute();
            });
        }

        @Override
        public void onError(ServicesFileException error) {
            refusedServicesFile = Optional.of(error);
            reportProblems();
        }
    }
}
