package io.kvroute.kv.store;

import io.kvroute.kv.store.consul.ConsulKvStore;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.store.memory.MemoryKvStore;

/** Opens the adapter a {@link StoreSettings} names. */
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
}
