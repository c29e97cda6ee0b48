package io.kvroute.agent.runtime;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Reads what an agent wrote to the test etcd: the pairs under a prefix, and whether a lease still exists. */
final class EtcdReader implements AutoCloseable {
    private final KvStore store;
    private final Client client;

    EtcdReader(EtcdExtension etcd) {
        this.store = KvStores.open(etcd.settings());
        this.client = Client.builder().endpoints("http://" + etcd.endpoint()).build();
    }

    /** Every key under {@code prefix} with its value, sorted. */
    Map<String, String> under(String prefix) {
        Map<String, String> pairs = new TreeMap<>();
        for (KvPair pair : store.list(prefix).pairs()) {
            pairs.put(pair.key(), pair.value());
        }
        return pairs;
    }

    /** etcd's remaining TTL of the lease with this hex id; -1 once it is gone. */
    long leaseTtl(String hexLeaseId) throws Exception {
        return client.getLeaseClient().timeToLive(Long.parseUnsignedLong(hexLeaseId, 16), LeaseOption.DEFAULT)
                .get(2, TimeUnit.SECONDS).getTTL();
    }

    @Override
    public void close() {
        client.close();
        store.close();
    }
}
