package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Every watch of one store on ONE etcd watch stream: the stream covers the common root of the watched prefixes (each
 * prefix's first path segment, {@code traefik/}) from the lowest revision a registration still needs, and each
 * registration gets the events under its prefix newer than the last revision it was given, so a restarted stream's
 * repeats are dropped. The stream restarts when a registration needs an older revision than the stream has passed or a
 * prefix outside its root; compaction of a needed revision ends exactly the registrations that needed it with
 * {@code COMPACTED} and the stream restarts for the others; any other end of the stream (failure, closed stream, no
 * leader, a silent member) ends every registration with its cause, and their callers watch again. Closing the last
 * registration closes the stream. Events of one revision reach every registration in one pass of the stream's thread;
 * listeners are called without the multiplexer's lock (a listener may hold a lock of its own under which another
 * thread closes a watch), one report at a time in the order the reports came, and a closed or ended watch is told
 * nothing more.
 */
final class WatchMultiplexer implements AutoCloseable {

    /** Opens the stream of {@code root} from {@code startRevision}, reporting to {@code sink}. */
    interface Streams {
        Stream open(String root, long startRevision, Sink sink);
    }

    /** An open stream; closing it stops its reports. */
    interface Stream extends AutoCloseable {
        @Override
        void close();
    }

    /** What a stream reports, from its reading thread. */
    interface Sink {
        /** The events of one answer, in order; {@code known} false for an event type the adapter cannot apply. */
        void changes(List<Change> changes);

        /** etcd compacted the stream's start revision: history before {@code compactRevision} is gone. */
        void compacted(long compactRevision);

        /** The stream ended; {@code cause} gives the error of each registration, from the call it names. */
        void ended(Function<String, KvStoreException> cause);
    }

    /** One event of the stream; {@code known} false when etcd sent a type this adapter does not know. */
    record Change(KvEvent event, boolean known) {
        Change {
            requireNonNull(event, "event");
        }
    }

    private final Streams streams;
    private final String store;
    private final List<Registration> registrations = new ArrayList<>();
    private final ReentrantLock telling = new ReentrantLock();
    private Optional<Stream> stream = Optional.empty();
    private String root = "";
    /** The revision through which the current stream has passed every event of its root. */
    private long streamPosition;
    /** Tells the current stream's reports from those of streams closed before. */
    private long generation;

    WatchMultiplexer(Streams streams, String store) {
        this.streams = requireNonNull(streams, "streams");
        this.store = requireNonNull(store, "store");
    }

    /** Watches {@code prefix} after {@code afterRevision}; fails as the stream's opening does. */
    KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        Registration registration = new Registration(prefix, afterRevision, listener);
        List<Runnable> calls;
        KvStoreException failure;
        synchronized (this) {
            registrations.add(registration);
            String wanted = commonRoot();
            if (stream.isPresent() && wanted.startsWith(root) && afterRevision >= streamPosition) {
                return registration;
            }
            try {
                restart();
                return registration;
            } catch (KvStoreException e) {
                registrations.remove(registration);
                failure = e;
                calls = endAll(call -> e);
            }
        }
        tell(calls);
        throw failure;
    }

    /** The current stream, if one is open. */
    synchronized Optional<Stream> stream() {
        return stream;
    }

    /** Closes the stream without telling the registrations (the store is closing). */
    @Override
    public synchronized void close() {
        registrations.clear();
        stop();
    }

    private void restart() {
        stop();
        root = commonRoot();
        long start = registrations.stream().mapToLong(registration -> registration.position).min().orElseThrow() + 1;
        streamPosition = start - 1;
        long opened = generation;
        stream = Optional.of(streams.open(root, start, new Sink() {
            @Override
            public void changes(List<Change> changes) {
                deliver(opened, changes);
            }

            @Override
            public void compacted(long compactRevision) {
                compact(opened, compactRevision);
            }

            @Override
            public void ended(Function<String, KvStoreException> cause) {
                end(opened, cause);
            }
        }));
    }

    private void stop() {
        generation++;
        stream.ifPresent(Stream::close);
        stream = Optional.empty();
    }

    private void deliver(long opened, List<Change> changes) {
        telling.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            synchronized (this) {
                if (opened != generation || changes.isEmpty()) {
                    return;
                }
                long newest = changes.stream().mapToLong(change -> change.event().revision()).max().orElseThrow();
                for (Registration registration : registrations) {
                    registration.deliver(changes, newest).ifPresent(calls::add);
                }
                streamPosition = Math.max(streamPosition, newest);
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    private void compact(long opened, long compactRevision) {
        telling.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            synchronized (this) {
                if (opened != generation) {
                    return;
                }
                for (Registration registration : List.copyOf(registrations)) {
                    if (registration.position + 1 < compactRevision) {
                        registrations.remove(registration);
                        registration.closed = true;
                        KvStoreException compacted = new KvStoreException(Kind.COMPACTED, store + ": "
                                + registration.call() + ": revision " + (registration.position + 1) + " compacted through "
                                + compactRevision + " (expected: re-list and watch from the new revision)");
                        calls.add(() -> registration.listener.ended(compacted));
                    }
                }
                if (registrations.isEmpty()) {
                    stop();
                } else {
                    try {
                        restart();
                    } catch (KvStoreException e) {
                        calls.addAll(endAll(call -> e));
                    }
                }
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    private void end(long opened, Function<String, KvStoreException> cause) {
        telling.lock();
        try {
            List<Runnable> calls;
            synchronized (this) {
                if (opened != generation) {
                    return;
                }
                calls = endAll(cause);
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    /** Stops the stream and forgets every registration; returns the calls that tell them. */
    private List<Runnable> endAll(Function<String, KvStoreException> cause) {
        stop();
        List<Runnable> calls = new ArrayList<>();
        for (Registration registration : registrations) {
            KvStoreException ended = cause.apply(registration.call());
            registration.closed = true;
            calls.add(() -> registration.listener.ended(ended));
        }
        registrations.clear();
        return calls;
    }

    /** Calls listeners, in order, without the multiplexer's lock and one caller at a time. */
    private void tell(List<Runnable> calls) {
        if (calls.isEmpty()) {
            return;
        }
        telling.lock();
        try {
            calls.forEach(Runnable::run);
        } finally {
            telling.unlock();
        }
    }

    private synchronized void remove(Registration registration) {
        if (registrations.remove(registration) && registrations.isEmpty()) {
            stop();
        }
    }

    /** The longest common start of the registrations' roots (a prefix up to its first {@code /}). */
    private String commonRoot() {
        String common = null;
        for (Registration registration : registrations) {
            String prefix = registration.prefix;
            int slash = prefix.indexOf('/');
            String own = slash < 0 ? prefix : prefix.substring(0, slash + 1);
            if (common == null) {
                common = own;
            } else {
                int length = 0;
                while (length < common.length() && length < own.length()
                        && common.charAt(length) == own.charAt(length)) {
                    length++;
                }
                if (length > 0 && Character.isHighSurrogate(common.charAt(length - 1))) {
                    length--;
                }
                common = common.substring(0, length);
            }
        }
        return common == null ? "" : common;
    }

    /** One watched prefix and the last revision its listener was given. */
    private final class Registration implements KvWatch {
        private final String prefix;
        private final WatchListener listener;
        private long position;
        private volatile boolean closed;

        Registration(String prefix, long position, WatchListener listener) {
            this.prefix = requireNonNull(prefix, "prefix");
            this.listener = requireNonNull(listener, "listener");
            this.position = position;
        }

        /** Advances the registration past {@code newest}; returns the call that tells it its events, if any. */
        Optional<Runnable> deliver(List<Change> changes, long newest) {
            List<KvEvent> own = new ArrayList<>();
            boolean unknown = false;
            for (Change change : changes) {
                KvEvent event = change.event();
                if (event.revision() > position && event.key().startsWith(prefix)) {
                    own.add(event);
                    unknown |= !change.known();
                }
            }
            position = Math.max(position, newest);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            if (unknown) {
                long revision = own.stream().mapToLong(KvEvent::revision).max().orElseThrow();
                return Optional.of(() -> {
                    if (!closed) {
                        listener.changed(revision);
                    }
                });
            }
            return Optional.of(() -> {
                if (!closed) {
                    listener.changes(own);
                }
            });
        }

        String call() {
            return "watch of \"" + prefix + "\"";
        }

        @Override
        public void close() {
            closed = true;
            remove(this);
        }
    }
}
