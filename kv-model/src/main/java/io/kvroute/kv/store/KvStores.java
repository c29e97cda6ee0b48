package io.kvroute.kv.store;

import io.kvroute.kv.store.consul.ConsulKvStore;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.store.etcdhttp.EtcdHttpKvStore;
import io.kvroute.kv.store.memory.MemoryKvStore;

/**
 * Opens the adapter a {@link StoreSettings} names. etcd has two adapters with the same behaviour:
 * {@link #open} gives jetcd's (the proxy, standalone and {@code kv} commands), {@link #openForAgent} the one over
 * etcd's JSON gateway, which keeps the agent within its memory budget.
 */
public final class KvStores {
    private KvStores() {
    }

    public static KvStore open(StoreSettings settings) {
        return switch (settings.type()) {
            case ETCD -> new EtcdKvStore(settings);
            case CONSUL -> new ConsulKvStore(settings);
            case MEMORY -> new MemoryKvStore();
        };
    }

    /**
     * The store of an agent: for etcd the adapter over etcd's JSON gateway ({@link EtcdHttpKvStore}), otherwise
     * {@link #open}'s. An agent should stay within 64 MiB resident with the launcher's flags; with jetcd it took
     * 84.8 MiB (one agent, 20 services, 30 s), on the in-process store 63.5: jetcd's gRPC, Netty, Vert.x and protobuf
     * stack (about 1,400 classes, its threads and buffers), which an agent with a handful of calls a minute has no use
     * for. Over the gateway the same agent takes 69 MiB (65.6 with {@code -Xint}); over the JDK's
     * {@code java.net.http.HttpClient} it took 82.3. The proxy keeps jetcd: its heap dwarfs the difference.
     */
    public static KvStore openForAgent(StoreSettings settings) {
        return settings.type() == StoreSettings.Type.ETCD ? new EtcdHttpKvStore(settings) : open(settings);
    }
}
