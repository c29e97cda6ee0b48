package io.kvroute.agent.services;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the services file's content current: reloads when it changes (a {@link WatchService} on the parent directory
 * wakes it early; the file is also read every {@code pollInterval}, for file systems without events), after the
 * content has been stable for {@code debounce}. A file that becomes invalid is reported (file, line, reason) and the
 * last good services are kept, so a bad edit never drops registrations. A required file that is deleted is reported
 * the same way; an {@code optional} one that is missing means no services.
 */
public final class ServicesFileWatcher implements AutoCloseable {
    /** Receives the services after each change; called on the watcher's thread. */
    public interface Listener {
        /** The file's services changed (empty: deleted or emptied). */
        void onServices(List<StaticService> services);

        /** The file became invalid (or, when required, went missing); the last good services stay in force. */
        default void onError(ServicesFileException error) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServicesFileWatcher.class);
    private static final int MAX_DEBOUNCE_ROUNDS = 20;

    private final Path file;
    private final boolean optional;
    private final Listener listener;
    private final Duration pollInterval;
    private final Duration debounce;
    private final Optional<WatchService> watchService;
    private final Thread thread;
    private volatile List<StaticService> current = List.of();
    private volatile boolean closed;
    private Optional<byte[]> lastSeen = Optional.empty();
    private boolean lastSeenKnown;

    private ServicesFileWatcher(Path file, boolean optional, Listener listener, Duration pollInterval,
            Duration debounce) {
        this.file = requireNonNull(file, "file").toAbsolutePath();
        this.optional = optional;
        this.listener = requireNonNull(listener, "listener");
        this.pollInterval = positive("poll interval", pollInterval);
        this.debounce = positive("debounce", debounce);
        this.watchService = register(this.file.getParent());
        this.thread = new Thread(this::run, "services-file-watcher");
        this.thread.setDaemon(true);
    }

    /** Watches {@code file}, polling every second and debouncing 200 ms. */
    public static ServicesFileWatcher start(Path file, boolean optional, Listener listener)
            throws ServicesFileException {
        return start(file, optional, listener, Duration.ofSeconds(1), Duration.ofMillis(200));
    }

    /**
     * Reads {@code file} once (delivering its services or error before returning), then watches it.
     *
     * @param optional whether the file may be missing or invalid at the start (then: no services until it is valid)
     * @throws ServicesFileException when the file is required and missing, unreadable or invalid; nothing is watched
     */
    public static ServicesFileWatcher start(Path file, boolean optional, Listener listener, Duration pollInterval,
            Duration debounce) throws ServicesFileException {
        ServicesFileWatcher watcher = new ServicesFileWatcher(file, optional, listener, pollInterval, debounce);
        if (!optional) {
            try {
                ServicesFile.read(watcher.file);
            } catch (ServicesFileException e) {
                watcher.close();
                throw e;
            }
        }
        watcher.check(watcher.readContent());
        watcher.thread.start();
        return watcher;
    }

    /** The last good services. */
    public List<StaticService> current() {
        return current;
    }

    @Override
    public void close() {
        closed = true;
        watchService.ifPresent(service -> {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service of {}: {}", file, e.toString());
            }
        });
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                waitFor(pollInterval);
                Optional<byte[]> content = readContent();
                if (sameAsLastSeen(content)) {
                    continue;
                }
                for (int round = 0; round < MAX_DEBOUNCE_ROUNDS && !closed; round++) {
                    waitFor(debounce);
                    Optional<byte[]> again = readContent();
                    if (same(again, content)) {
                        break;
                    }
                    content = again;
                }
                check(content);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            if (!closed) {
                LOG.warn("services file watcher for {} stopped: {}", file, e.toString());
            }
        }
    }

    /**
     * Processes new content: valid → deliver; invalid, or missing when required → report, keep the last good;
     * missing when optional → no services.
     */
    private void check(Optional<byte[]> content) {
        lastSeen = content;
        lastSeenKnown = true;
        if (content.isEmpty()) {
            if (optional) {
                LOG.info("services file {} does not exist: no static services", file);
                deliver(List.of());
            } else {
                refuse(ServicesFile.missing(file.toString()));
            }
            return;
        }
        try {
            List<StaticService> services = ServicesFile.parse(new String(content.get(), StandardCharsets.UTF_8),
                    file.toString());
            LOG.info("services file {}: {} service(s)", file, services.size());
            deliver(services);
        } catch (ServicesFileException e) {
            refuse(e);
        }
    }

    private void refuse(ServicesFileException error) {
        LOG.warn("{}; keeping the last good services ({})", error.getMessage(), current.size());
        try {
            listener.onError(error);
        } catch (RuntimeException listenerFailure) {
            LOG.error("services file listener failed on an error report", listenerFailure);
        }
    }

    private void deliver(List<StaticService> services) {
        current = services;
        try {
            listener.onServices(services);
        } catch (RuntimeException e) {
            LOG.error("services file listener failed", e);
        }
    }

    private Optional<byte[]> readContent() {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("services file {}: cannot read ({}); trying again", file, e.toString());
            return lastSeen;
        }
    }

    private boolean sameAsLastSeen(Optional<byte[]> content) {
        return lastSeenKnown && same(content, lastSeen);
    }

    private static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    /** Waits up to {@code timeout}, returning early when the directory reports an event. */
    private void waitFor(Duration timeout) throws InterruptedException {
        if (watchService.isEmpty()) {
            Thread.sleep(timeout.toMillis());
            return;
        }
        WatchKey key = watchService.get().poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
            key.pollEvents();
            key.reset();
        }
    }

    private static Optional<WatchService> register(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            LOG.info("services file directory {} does not exist: polling only", directory);
            return Optional.empty();
        }
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return Optional.of(service);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("cannot watch {} ({}): polling only", directory, e.toString());
            return Optional.empty();
        }
    }

    private static Duration positive(String name, Duration duration) {
        requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
        }
        return duration;
    }
}
