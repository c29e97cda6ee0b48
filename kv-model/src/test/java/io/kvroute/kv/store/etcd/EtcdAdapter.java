package io.kvroute.kv.store.etcd;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.etcdhttp.EtcdHttpKvStore;

/**
 * The two etcd adapters every etcd IT runs against: jetcd (the proxy, standalone and {@code kv} commands) and the
 * JSON gateway adapter (the agent).
 */
public enum EtcdAdapter {
    JETCD {
        @Override
        public KvStore open(StoreSettings settings) {
            return new EtcdKvStore(settings);
        }

        @Override
        public void compact(KvStore store, long revision) {
            ((EtcdKvStore) store).compact(revision);
        }
    },
    GATEWAY {
        @Override
        public KvStore open(StoreSettings settings) {
            return new EtcdHttpKvStore(settings);
        }

        @Override
        public void compact(KvStore store, long revision) {
            ((EtcdHttpKvStore) store).compact(revision);
        }
    };

    /** A store of this adapter on {@code settings}. */
    public abstract KvStore open(StoreSettings settings);

    /** Compacts the history of {@code store} (one of this adapter's) up to {@code revision}. */
    public abstract void compact(KvStore store, long revision);
}
