package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One etcd watch over the gateway: a {@code POST /v3/watch} whose answer is a stream of JSON objects, one a line,
 * read as they come by {@link WatchStreams}. The request requires a leader ({@code Grpc-Metadata-Hasleader: true},
 * which the gateway passes on as gRPC metadata), so a member cut off from its cluster ends the watch ("no leader")
 * instead of staying silent. A response's puts and deletes become {@link WatchListener#changes} (an event of a type
 * this adapter does not know: {@link WatchListener#changed(long)} with the newest modRevision); etcd sends every event
 * of a revision in one response. The first error, cancellation (compaction: {@code COMPACTED}) or end of the stream
 * ends the watch and becomes the one {@link WatchListener#ended(KvStoreException)}.
 *
 * <p>HTTP has no ping on the stream's connection: the store probes the members its watches sit on
 * ({@link EtcdHttpKvStore}) and ends the watches of a member that stopped answering ({@link #memberSilent}), so the
 * caller watches again on another member, as the gRPC keep-alive does for the jetcd adapter.
 */
final class EtcdHttpWatch implements KvWatch, WatchStreams.Listener {
    private final EtcdGateway gateway;
    private final String prefix;
    private final Duration requestTimeout;
    private final WatchListener listener;
    private final Consumer<EtcdHttpWatch> onFinish;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The member the stream sits on, once it answered. */
    private final AtomicReference<Optional<URI>> member = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<WatchStreams.Handle>> stream = new AtomicReference<>(Optional.empty());

    EtcdHttpWatch(EtcdGateway gateway, String prefix, Duration requestTimeout, WatchListener listener,
            Consumer<EtcdHttpWatch> onFinish) {
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
        this.gateway = requireNonNull(gateway, "gateway");
        this.prefix = requireNonNull(prefix, "prefix");
        this.listener = requireNonNull(listener, "listener");
        this.onFinish = requireNonNull(onFinish, "onFinish");
    }

    /** Opens the stream from {@code afterRevision + 1}. */
    void start(long afterRevision) {
        ObjectNode create = EtcdGateway.JSON.createObjectNode()
                .put("key", GatewayJson.prefixStart(prefix))
                .put("range_end", GatewayJson.prefixEnd(prefix))
                .put("start_revision", Long.toString(afterRevision + 1));
        ObjectNode body = EtcdGateway.JSON.createObjectNode();
        body.set("create_request", create);
        stream.set(Optional.of(gateway.stream("v3/watch", body, List.of("Grpc-Metadata-Hasleader", "true"),
                requestTimeout, call(), endpoint -> member.set(Optional.of(endpoint)), this)));
        if (finished.get()) {
            release();
        }
    }

    /** The member the stream sits on, once it answered. */
    Optional<URI> member() {
        return member.get();
    }

    /** Ends the watch: its member left a liveness probe unanswered ({@code cause}). */
    void memberSilent(KvStoreException cause) {
        end(new KvStoreException(Kind.UNAVAILABLE, gateway.describe() + ": " + call() + ": member "
                + member.get().map(URI::toString).orElse("?") + " stopped answering (" + cause.getMessage() + ")",
                cause));
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
            end(new KvStoreException(Kind.INTERNAL, gateway.describe() + ": " + call() + ": unreadable message ("
                    + e.getMessage() + ")", e));
            return;
        }
        Optional<KvStoreException> error = GatewayErrors.fromAnswer(message, gateway.describe(), call());
        if (error.isPresent()) {
            end(error.get());
            return;
        }
        JsonNode result = message.path("result");
        if (result.path("canceled").asBoolean(false)) {
            end(cancelled(result));
            return;
        }
        deliver(result.path("events"));
    }

    @Override
    public void failed(Exception failure) {
        end(GatewayErrors.fromFailure(failure, requestTimeout, gateway.describe(), call()));
    }

    @Override
    public void ended() {
        end(new KvStoreException(Kind.UNAVAILABLE, gateway.describe() + ": " + call()
                + ": etcd closed the watch stream"));
    }

    @Override
    public void close() {
        if (finished.compareAndSet(false, true)) {
            release();
        }
    }

    private void deliver(JsonNode events) {
        List<KvEvent> changes = new ArrayList<>();
        long newest = 0;
        boolean unknown = false;
        for (JsonNode event : events) {
            JsonNode kv = event.path("kv");
            String key = GatewayJson.text(kv.get("key"));
            long revision = GatewayJson.int64(kv.get("mod_revision"));
            newest = Math.max(newest, revision);
            String type = event.path("type").asText("PUT");
            switch (type) {
                case "PUT" -> changes.add(KvEvent.put(key, GatewayJson.text(kv.get("value")), revision));
                case "DELETE" -> changes.add(KvEvent.delete(key, revision));
                default -> unknown = true;
            }
        }
        if (unknown) {
            listener.changed(newest);
        } else if (!changes.isEmpty()) {
            listener.changes(changes);
        }
    }

    private KvStoreException cancelled(JsonNode result) {
        long compacted = GatewayJson.int64(result.get("compact_revision"));
        if (compacted > 0) {
            return new KvStoreException(Kind.COMPACTED, gateway.describe() + ": " + call() + ": revision compacted"
                    + " through " + compacted + " (expected: re-list and watch from the new revision)");
        }
        String reason = result.path("cancel_reason").asText("");
        return new KvStoreException(reason.contains("no leader") ? Kind.UNAVAILABLE : Kind.INTERNAL,
                gateway.describe() + ": " + call() + ": etcd cancelled the watch" + (reason.isEmpty() ? "" : ": "
                + reason));
    }

    private void end(KvStoreException cause) {
        if (finished.compareAndSet(false, true)) {
            if (cause.kind() == Kind.UNAVAILABLE || cause.kind() == Kind.TIMEOUT) {
                member.get().ifPresent(gateway::moveOn);
            }
            if (cause.kind() == Kind.UNAUTHORIZED) {
                gateway.tokenRefused();
            }
            release();
            listener.ended(cause);
        }
    }

    private void release() {
        stream.get().ifPresent(WatchStreams.Handle::close);
        onFinish.accept(this);
    }

    private String call() {
        return "watch of \"" + prefix + "\"";
    }
}
