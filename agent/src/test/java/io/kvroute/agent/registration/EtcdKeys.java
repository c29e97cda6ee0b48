package io.kvroute.agent.registration;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.kvroute.kv.store.KvPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads etcd with jetcd directly, for what the store port does not show: the lease a key is bound to, its
 * modification revision, and whether a lease still exists. One fresh client per instance.
 */
final class EtcdKeys implements AutoCloseable {
    /** A key as etcd holds it. */
    record Entry(String value, long modRevision, long lease) {
    }

    private final Client client;

    EtcdKeys(String endpoint) {
        this.client = Client.builder().endpoints("http://" + endpoint).build();
    }

    /** Every key under {@code prefix} with value, modification revision and lease. */
    Map<String, Entry> entries(String prefix) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Entry> entries = new TreeMap<>();
        List<KeyValue> kvs = client.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build())
                .get(2, TimeUnit.SECONDS).getKvs();
        for (KeyValue kv : kvs) {
            entries.put(text(kv.getKey()), new Entry(text(kv.getValue()), kv.getModRevision(), kv.getLease()));
        }
        return entries;
    }

    /** The pairs under {@code prefix}, sorted. */
    List<KvPair> pairs(String prefix) throws ExecutionException, InterruptedException, TimeoutException {
        return entries(prefix).entrySet().stream()
                .map(entry -> KvPair.of(entry.getKey(), entry.getValue().value()))
                .sorted()
                .toList();
    }

    /** The store's current revision. */
    long revision() throws ExecutionException, InterruptedException, TimeoutException {
        return client.getKVClient().get(bytes("\0")).get(2, TimeUnit.SECONDS).getHeader().getRevision();
    }

    /** The revisions in {@code [from, to]} at which {@code key} did not exist (etcd keeps them until compaction). */
    List<Long> revisionsWithout(String key, long from, long to)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<Long> missing = new ArrayList<>();
        for (long revision = from; revision <= to; revision++) {
            GetOption at = GetOption.builder().withRevision(revision).build();
            if (client.getKVClient().get(bytes(key), at).get(2, TimeUnit.SECONDS).getKvs().isEmpty()) {
                missing.add(revision);
            }
        }
        return missing;
    }

    /** etcd's remaining TTL of the lease with this hex id: -1 once it is gone. */
    long timeToLive(String hexLeaseId) throws ExecutionException, InterruptedException, TimeoutException {
        return client.getLeaseClient().timeToLive(Long.parseUnsignedLong(hexLeaseId, 16), LeaseOption.DEFAULT)
                .get(2, TimeUnit.SECONDS).getTTL();
    }

    @Override
    public void close() {
        client.close();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
