package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One etcd watch stream over the gateway ({@link WatchMultiplexer} shares it among the watched prefixes of one kind): a
 * {@code POST /v3/watch} of a key range whose answer is a stream of JSON objects, one a line, read as they come by
 * {@link WatchStreams}. The request requires a leader ({@code Grpc-Metadata-Hasleader: true}, which the gateway passes
 * on as gRPC metadata), so a member cut off from its cluster ends the stream ("no leader") instead of staying silent.
 * A response's events (etcd sends every event of a revision in one response) go to the multiplexer in one call;
 * an answer without events that is not the creation's is a progress notification (asked for with
 * {@code progress_notify}: etcd sends one when the stream has been idle for its progress interval, ten minutes by
 * default): every event of the range up to its header's revision was sent, so the multiplexer moves its watches
 * there; cancellation by compaction reports the compact revision; the first error, other cancellation or end of the
 * stream ends it, once.
 *
 * <p>HTTP has no ping on the stream's connection: the store probes the member each stream sits on
 * ({@link EtcdHttpKvStore}) and ends the stream when that member stopped answering ({@link #memberSilent}), so the
 * watchers watch again on another member, as the gRPC keep-alive does for the jetcd adapter.
 */
final class EtcdHttpWatch implements WatchMultiplexer.Stream, WatchStreams.Listener {
    private final EtcdGateway gateway;
    private final KeyRange range;
    private final Duration requestTimeout;
    private final WatchMultiplexer.Sink sink;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The member the stream sits on, once it answered. */
    private final AtomicReference<Optional<URI>> member = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<WatchStreams.Handle>> stream = new AtomicReference<>(Optional.empty());

    private EtcdHttpWatch(EtcdGateway gateway, KeyRange range, Duration requestTimeout, WatchMultiplexer.Sink sink) {
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
        this.gateway = requireNonNull(gateway, "gateway");
        this.range = requireNonNull(range, "range");
        this.sink = requireNonNull(sink, "sink");
    }

    /** Opens the stream of every key in {@code range} from {@code startRevision}; fails as the gateway's calls. */
    static EtcdHttpWatch open(EtcdGateway gateway, KeyRange range, long startRevision, Duration requestTimeout,
            WatchMultiplexer.Sink sink) {
        EtcdHttpWatch watch = new EtcdHttpWatch(gateway, range, requestTimeout, sink);
        ObjectNode create = EtcdGateway.JSON.createObjectNode()
                .put("key", range.key())
                .put("range_end", range.rangeEnd())
                .put("start_revision", Long.toString(startRevision))
                .put("progress_notify", true);
        ObjectNode body = EtcdGateway.JSON.createObjectNode();
        body.set("create_request", create);
        watch.stream.set(Optional.of(gateway.stream("v3/watch", body, List.of("Grpc-Metadata-Hasleader", "true"),
                requestTimeout, watch.call(), endpoint -> watch.member.set(Optional.of(endpoint)), watch)));
        if (watch.finished.get()) {
            watch.release();
        }
        return watch;
    }

    /** The member the stream sits on, once it answered. */
    Optional<URI> member() {
        return member.get();
    }

    /** Ends the stream: its member left a liveness probe unanswered ({@code cause}). */
    void memberSilent(KvStoreException cause) {
        String silent = member.get().map(URI::toString).orElse("?");
        end(call -> new KvStoreException(Kind.UNAVAILABLE, gateway.describe() + ": " + call + ": member "
                + silent + " stopped answering (" + cause.getMessage() + ")", cause), Kind.UNAVAILABLE);
    }

    @Override
    public void line(String line) {
        if (finished.get() || line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = EtcdGateway.JSON.readTree(line);
        } catch (IOException e) {
            end(call -> new KvStoreException(Kind.INTERNAL, gateway.describe() + ": " + call
                    + ": unreadable message (" + e.getMessage() + ")", e), Kind.INTERNAL);
            return;
        }
        Optional<KvStoreException> error = GatewayErrors.fromAnswer(message, gateway.describe(), call());
        if (error.isPresent()) {
            KvStoreException stream = error.get();
            end(call -> renamed(stream, call), stream.kind());
            return;
        }
        JsonNode result = message.path("result");
        if (result.path("canceled").asBoolean(false)) {
            cancelled(result);
            return;
        }
        JsonNode events = result.path("events");
        if (!events.isEmpty()) {
            deliver(events);
        } else if (!result.path("created").asBoolean(false)) {
            sink.progress(GatewayJson.int64(result.path("header").get("revision")));
        }
    }

    @Override
    public void failed(Exception failure) {
        KvStoreException stream = GatewayErrors.fromFailure(failure, requestTimeout, gateway.describe(), call());
        end(call -> renamed(stream, call), stream.kind());
    }

    @Override
    public void ended() {
        end(call -> new KvStoreException(Kind.UNAVAILABLE, gateway.describe() + ": " + call
                + ": etcd closed the watch stream"), Kind.UNAVAILABLE);
    }

    @Override
    public void close() {
        if (finished.compareAndSet(false, true)) {
            release();
        }
    }

    private void deliver(JsonNode events) {
        List<WatchMultiplexer.Change> changes = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode kv = event.path("kv");
            String key = GatewayJson.text(kv.get("key"));
            long revision = GatewayJson.int64(kv.get("mod_revision"));
            switch (event.path("type").asText("PUT")) {
                case "PUT" -> changes.add(new WatchMultiplexer.Change(
                        KvEvent.put(key, GatewayJson.text(kv.get("value")), revision), true));
                case "DELETE" -> changes.add(new WatchMultiplexer.Change(KvEvent.delete(key, revision), true));
                default -> changes.add(new WatchMultiplexer.Change(KvEvent.delete(key, revision), false));
            }
        }
        if (!changes.isEmpty()) {
            sink.changes(changes);
        }
    }

    private void cancelled(JsonNode result) {
        long compacted = GatewayJson.int64(result.get("compact_revision"));
        if (compacted > 0) {
            if (finished.compareAndSet(false, true)) {
                release();
                sink.compacted(compacted);
            }
            return;
        }
        String reason = result.path("cancel_reason").asText("");
        Kind kind = reason.contains("no leader") ? Kind.UNAVAILABLE : Kind.INTERNAL;
        end(call -> new KvStoreException(kind, gateway.describe() + ": " + call + ": etcd cancelled the watch"
                + (reason.isEmpty() ? "" : ": " + reason)), kind);
    }

    /** The stream's error, told as the error of the watch {@code call} (same kind, same cause). */
    private KvStoreException renamed(KvStoreException stream, String call) {
        return new KvStoreException(stream.kind(), stream.getMessage().replace(call(), call + " (on the stream of "
                + range + ")"), stream.getCause() == null ? stream : stream.getCause());
    }

    private void end(Function<String, KvStoreException> cause, Kind kind) {
        if (finished.compareAndSet(false, true)) {
            if (kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT) {
                member.get().ifPresent(gateway::moveOn);
            }
            if (kind == Kind.UNAUTHORIZED) {
                gateway.tokenRefused();
            }
            release();
            sink.ended(cause);
        }
    }

    private void release() {
        stream.get().ifPresent(WatchStreams.Handle::close);
    }

    private String call() {
        return "watch of " + range;
    }
}
