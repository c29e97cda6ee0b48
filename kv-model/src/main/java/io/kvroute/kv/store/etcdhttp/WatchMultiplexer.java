package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import io.kvroute.kv.store.WatchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Every watch of one store on a few etcd watch streams: one per kind of watched prefix (the prefix less its last
 * segment: {@code traefik/http/routers/}, {@code traefik/http/services/}, ...), at most {@link #MAX_STREAMS} (kinds
 * beyond that share the stream of their closest neighbour in key order). Each stream covers the tightest key range
 * holding its prefixes ({@link KeyRange}: from the first prefix to the end of the last), not the whole root, from the
 * lowest revision its registrations still need; each registration gets the events under its prefix newer than the last
 * revision it was given, so a reopened stream's repeats are dropped. A stream reopens when a registration needs an
 * older revision than it has passed or a prefix outside its range; {@link #watchAll} registers many prefixes and then
 * opens or reopens each stream at most once. Compaction of a needed revision ends exactly the registrations that
 * needed it with {@code COMPACTED} and the stream reopens for the others; any other end of a stream (failure, closed
 * stream, no leader, a silent member) ends the registrations on that stream with its cause, and their callers watch
 * again. Closing the last registration of a stream closes it. Events of one revision reach every registration of a
 * stream in one pass of the stream's thread; listeners are called without the multiplexer's lock (a listener may hold
 * a lock of its own under which another thread closes a watch), one report at a time in the order the reports came,
 * and a closed or ended watch is told nothing more.
 */
final class WatchMultiplexer implements AutoCloseable {
    /** The most streams (etcd connections) one store holds for its watches. */
    static final int MAX_STREAMS = 4;

    /** Opens the stream of the keys in {@code range} from {@code startRevision}, reporting to {@code sink}. */
    interface Streams {
        Stream open(KeyRange range, long startRevision, Sink sink);
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

        /** etcd has sent every event of the stream's range up to {@code revision} (a progress notification). */
        void progress(long revision);
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
    /** The streams by the kinds of prefix they carry. */
    private final Map<List<String>, Channel> channels = new LinkedHashMap<>();
    private final ReentrantLock telling = new ReentrantLock();
    /** Streams opened so far: numbers each one, telling its reports from those of streams closed before. */
    private long opens;

    WatchMultiplexer(Streams streams, String store) {
        this.streams = requireNonNull(streams, "streams");
        this.store = requireNonNull(store, "store");
    }

    /** Watches {@code prefix} after {@code afterRevision}; fails as the opening of its stream does. */
    KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        return watchAll(List.of(new WatchRequest(prefix, afterRevision, listener))).get(0);
    }

    /**
     * Registers every request, then opens or reopens each stream that no longer covers its registrations, once. When
     * a stream cannot open, none of the requests runs and the registrations already on that stream end with the cause.
     */
    List<KvWatch> watchAll(List<WatchRequest> requests) {
        List<Registration> added = new ArrayList<>();
        for (WatchRequest request : requests) {
            added.add(new Registration(request.prefix(), request.afterRevision(), request.listener()));
        }
        List<Runnable> calls = new ArrayList<>();
        KvStoreException failure;
        synchronized (this) {
            registrations.addAll(added);
            Map<Channel, KvStoreException> failed = regroup();
            if (failed.isEmpty()) {
                return List.copyOf(added);
            }
            failure = failed.values().iterator().next();
            for (Registration registration : added) {
                registration.closed = true;
                detach(registration);
            }
            failed.forEach((channel, cause) -> calls.addAll(endChannel(channel, call -> cause)));
            dropEmptyChannels();
        }
        tell(calls);
        throw failure;
    }

    /** The streams open now. */
    synchronized List<Stream> streams() {
        List<Stream> open = new ArrayList<>();
        channels.values().forEach(channel -> channel.stream.ifPresent(open::add));
        return open;
    }

    /** Closes the streams without telling the registrations (the store is closing). */
    @Override
    public synchronized void close() {
        registrations.clear();
        channels.values().forEach(WatchMultiplexer::stop);
        channels.clear();
    }

    /**
     * Puts every registration on the stream of its kind, opening or reopening only the streams that do not cover their
     * registrations' keys or revisions; returns the streams that could not open, with why.
     */
    private Map<Channel, KvStoreException> regroup() {
        Map<List<String>, List<Registration>> groups = groups();
        var running = channels.entrySet().iterator();
        while (running.hasNext()) {
            var entry = running.next();
            if (!groups.containsKey(entry.getKey())) {
                stop(entry.getValue());
                running.remove();
            }
        }
        Map<Channel, KvStoreException> failed = new LinkedHashMap<>();
        groups.forEach((kinds, members) -> {
            Channel channel = channels.computeIfAbsent(kinds, Channel::new);
            channel.members.clear();
            channel.members.addAll(members);
            members.forEach(member -> member.channel = channel);
            KeyRange needed = KeyRange.of(members.stream().map(member -> member.prefix).toList());
            long oldest = members.stream().mapToLong(member -> member.position).min().orElseThrow();
            boolean covered = channel.stream.isPresent() && channel.range.covers(needed) && oldest >= channel.position;
            if (!covered) {
                try {
                    open(channel, needed, oldest);
                } catch (KvStoreException e) {
                    failed.put(channel, e);
                } catch (RuntimeException e) {
                    failed.put(channel, new KvStoreException(Kind.INTERNAL, store + ": cannot open the watch stream of "
                            + needed + ": " + e, e));
                }
            }
        });
        return failed;
    }

    /**
     * The registrations by the kind of their prefix, in key order; while there are more kinds than
     * {@link #MAX_STREAMS}, the two neighbouring groups whose kinds share the longest start are joined.
     */
    private Map<List<String>, List<Registration>> groups() {
        NavigableMap<String, List<Registration>> byKind = new TreeMap<>(KeyOrder.BYTEWISE);
        for (Registration registration : registrations) {
            byKind.computeIfAbsent(kindOf(registration.prefix), kind -> new ArrayList<>()).add(registration);
        }
        List<List<String>> joined = new ArrayList<>();
        byKind.keySet().forEach(kind -> joined.add(List.of(kind)));
        while (joined.size() > MAX_STREAMS) {
            int closest = 0;
            int longest = -1;
            for (int i = 0; i + 1 < joined.size(); i++) {
                List<String> left = joined.get(i);
                int shared = sharedStart(left.get(left.size() - 1), joined.get(i + 1).get(0));
                if (shared > longest) {
                    longest = shared;
                    closest = i;
                }
            }
            List<String> merged = new ArrayList<>(joined.get(closest));
            merged.addAll(joined.remove(closest + 1));
            joined.set(closest, List.copyOf(merged));
        }
        Map<List<String>, List<Registration>> groups = new LinkedHashMap<>();
        for (List<String> kinds : joined) {
            List<Registration> members = new ArrayList<>();
            kinds.forEach(kind -> members.addAll(byKind.get(kind)));
            groups.put(kinds, members);
        }
        return groups;
    }

    /** The kind of {@code prefix}: the prefix less its last segment ({@code traefik/http/routers/} of a router's). */
    static String kindOf(String prefix) {
        String withoutEnd = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return prefix.substring(0, withoutEnd.lastIndexOf('/') + 1);
    }

    private static int sharedStart(String a, String b) {
        int length = 0;
        while (length < a.length() && length < b.length() && a.charAt(length) == b.charAt(length)) {
            length++;
        }
        return length;
    }

    private void open(Channel channel, KeyRange range, long oldest) {
        stop(channel);
        long opened = ++opens;
        channel.opened = opened;
        channel.range = range;
        channel.position = oldest;
        Stream stream = streams.open(range, oldest + 1, new Sink() {
            @Override
            public void changes(List<Change> changes) {
                deliver(channel, opened, changes);
            }

            @Override
            public void compacted(long compactRevision) {
                compact(channel, opened, compactRevision);
            }

            @Override
            public void ended(Function<String, KvStoreException> cause) {
                end(channel, opened, cause);
            }

            @Override
            public void progress(long revision) {
                advance(channel, opened, revision);
            }
        });
        if (channel.opened == opened) {
            channel.stream = Optional.of(stream);
        } else {
            stream.close();
        }
    }

    private static void stop(Channel channel) {
        channel.opened = 0;
        channel.stream.ifPresent(Stream::close);
        channel.stream = Optional.empty();
    }

    private void deliver(Channel channel, long opened, List<Change> changes) {
        telling.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            synchronized (this) {
                if (opened != channel.opened || changes.isEmpty()) {
                    return;
                }
                long newest = changes.stream().mapToLong(change -> change.event().revision()).max().orElseThrow();
                for (Registration registration : channel.members) {
                    registration.deliver(changes, newest).ifPresent(calls::add);
                }
                channel.position = Math.max(channel.position, newest);
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    /**
     * The stream of {@code channel} has passed {@code revision} with nothing more for its range: its registrations and
     * the stream are at {@code revision}, so a stream reopened later (a wider range, a merge) starts from there instead
     * of replaying the history since their last event, or finding it compacted.
     */
    private synchronized void advance(Channel channel, long opened, long revision) {
        if (opened != channel.opened) {
            return;
        }
        for (Registration registration : channel.members) {
            registration.position = Math.max(registration.position, revision);
        }
        channel.position = Math.max(channel.position, revision);
    }

    private void compact(Channel channel, long opened, long compactRevision) {
        telling.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            synchronized (this) {
                if (opened != channel.opened) {
                    return;
                }
                stop(channel);
                for (Registration registration : List.copyOf(channel.members)) {
                    if (registration.position + 1 < compactRevision) {
                        detach(registration);
                        registration.closed = true;
                        KvStoreException compacted = new KvStoreException(Kind.COMPACTED, store + ": "
                                + registration.call() + ": revision " + (registration.position + 1) + " compacted through "
                                + compactRevision + " (expected: re-list and watch from the new revision)");
                        calls.add(() -> registration.listener.ended(compacted));
                    }
                }
                dropEmptyChannels();
                regroup().forEach((failed, cause) -> calls.addAll(endChannel(failed, call -> cause)));
                dropEmptyChannels();
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    private void end(Channel channel, long opened, Function<String, KvStoreException> cause) {
        telling.lock();
        try {
            List<Runnable> calls;
            synchronized (this) {
                if (opened != channel.opened) {
                    return;
                }
                calls = endChannel(channel, cause);
            }
            tell(calls);
        } finally {
            telling.unlock();
        }
    }

    /** Stops {@code channel}'s stream and forgets its registrations; returns the calls that tell them. */
    private List<Runnable> endChannel(Channel channel, Function<String, KvStoreException> cause) {
        stop(channel);
        channels.remove(channel.kinds, channel);
        List<Runnable> calls = new ArrayList<>();
        for (Registration registration : channel.members) {
            KvStoreException ended = cause.apply(registration.call());
            registration.closed = true;
            registrations.remove(registration);
            calls.add(() -> registration.listener.ended(ended));
        }
        channel.members.clear();
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
        detach(registration);
        dropEmptyChannels();
    }

    private void detach(Registration registration) {
        registrations.remove(registration);
        if (registration.channel != null) {
            registration.channel.members.remove(registration);
        }
    }

    /** Closes the streams that no registration needs any more. */
    private void dropEmptyChannels() {
        var running = channels.values().iterator();
        while (running.hasNext()) {
            Channel channel = running.next();
            if (channel.members.isEmpty()) {
                stop(channel);
                running.remove();
            }
        }
    }

    /** One stream: the kinds of prefix it carries, its range and registrations, and how far it has read. */
    private static final class Channel {
        private final List<String> kinds;
        private final List<Registration> members = new ArrayList<>();
        private Optional<Stream> stream = Optional.empty();
        private KeyRange range;
        /** The revision through which the current stream has passed every event of its range. */
        private long position;
        /** The number of the current stream ({@link #opens}); 0 when there is none. */
        private long opened;

        Channel(List<String> kinds) {
            this.kinds = kinds;
        }
    }

    /** One watched prefix and the last revision its listener was given. */
    private final class Registration implements KvWatch {
        private final String prefix;
        private final WatchListener listener;
        private long position;
        /** The stream it is on, once grouped. */
        private Channel channel;
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
